// lib/exchange/exchange_import.h — a verified authorization or sync response into the store: its certificates
// under their field names, and the sync it completes (which clears the sync alarm).
#pragma once
#include "lib/core/clock.h"
#include "lib/exchange/exchange_file.h"
#include "lib/exchange/exchange_verifier.h"
#include "lib/storage/database.h"

#include <botan/x509cert.h>
#include <string>
#include <vector>

namespace certctl::exchange {

struct ImportedCertificate {
    std::string name;         // the field name: "id_cert"
    std::string purpose;      // its role's certs::purposes() name: "tls-client", "ca", ...
    std::string subject;
    std::string not_after;    // RFC 3339
    std::string fingerprint;  // SHA-256, lower-case hex
    std::string key_name;     // a store key with the same public key, or empty
    bool replaced = false;    // a certificate of that name was there before (id_cert at every sync)
};

struct ImportResult {
    VerifyReport report;
    std::vector<ImportedCertificate> certificates;  // empty when the file did not verify
    std::string instance_id;
    std::string sync_type;
};

// Verifies `file` against `trusted` at clock.now(); only when every check passes does it write, in one
// transaction: each certificate of the role table under its field name (table certificates, source
// 'imported', purpose from the role table, chain = its issuers from the file), a system.ingest_certificate
// event and certificate_import_success per certificate, the sync (exchange_syncs) and the cleared sync alarm.
// A file that fails verification writes nothing but one failed system.ingest_certificate event and the
// certificate_import_failure counter; the report says why. Requests: Error(usage).
ImportResult import_exchange(storage::Database& db, const ExchangeFile& file,
                             const std::vector<Botan::X509_Certificate>& trusted, const core::Clock& clock);

}  // namespace certctl::exchange
