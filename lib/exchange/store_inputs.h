// lib/exchange/store_inputs.h — what the exchange flows take from the store: inventory certificates, CSRs
// (by name or file), and the sync request an On-Prem sends next.
#pragma once
#include "lib/core/clock.h"
#include "lib/exchange/exchange_writer.h"
#include "lib/storage/database.h"

#include <botan/x509cert.h>
#include <optional>
#include <string>

namespace certctl::exchange {

// The inventory certificate called `name` (table certificates). Error(not_found) with a hint to import.
Botan::X509_Certificate inventory_certificate(storage::Database& db, const std::string& name);

// A CSR given as a file path (when such a file exists) or as the name of a stored CSR (table csrs).
// Returns its PEM. Error(not_found) when neither exists; Error(bad_input) naming the file or name and
// `field` (the option, e.g. "--tg-csr") when it is not a PKCS#10 request with a good signature (a
// certificate, a key, garbage).
std::string csr_pem(storage::Database* db, const std::string& name_or_file, const std::string& field);

struct SyncRequestInputs {
    std::string id_cert = "id_cert";            // inventory names
    std::string signing_cert = "signing_cert";
    std::optional<std::string> tg_csr;          // PEM, only when the TG's address changed
    std::optional<std::string> ssms_csr;
    std::string ssms_version;
};

// The next sync request: the On-Prem's id and signing certificates from the inventory, collector_id = the
// id certificate's CN, sync_type copied from the last imported response, last_sync = that import's time.
// Error(not_found) when no authorization was imported yet.
SyncRequest build_sync_request(storage::Database& db, const core::Clock& clock, const SyncRequestInputs& in);

}  // namespace certctl::exchange
