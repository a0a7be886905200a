// lib/certs/importer.h — `cert import` / `cert track`: the checks in the contract's order, then one
// transaction with the inventory row, the system.ingest_certificate event and the import counter.
#pragma once
#include "lib/certs/cert_summary.h"
#include "lib/certs/inventory.h"
#include "lib/certs/profile.h"
#include "lib/certs/revocation_lookup.h"
#include "lib/certs/validation_mode.h"
#include "lib/core/clock.h"
#include "lib/storage/database.h"

#include <botan/x509cert.h>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace certctl::certs {

// Trust anchors of a bundle by name; throws Error(not_found) for an unknown bundle. Provided by the caller
// (lib/trust sits above lib/certs).
using BundleLoader = std::function<std::vector<Botan::X509_Certificate>(const std::string& bundle)>;

struct ImportRequest {
    std::string name;
    std::string file;               // the certificate (PEM, DER or PKCS#7)
    std::optional<std::string> contents;  // its bytes when they come from no file (REST API): `file` names them
    std::string chain_file;         // optional: intermediates
    std::string trust_bundle;       // optional: the chain must lead to one of its certificates
    ValidationMode mode = ValidationMode::strict;
    std::string purpose = "any";
    Profile profile = k_default_profile;  // the rule set of the path check (same validator as cert verify)
    std::string policy = "fail-soft";
    std::string action;
    bool track = false;             // cert track: keep the path, not the bytes; findings never refuse
};

struct ImportResult {
    CertRecord record;
    CertSummary summary;
    std::vector<std::string> warnings;  // findings accepted (warn mode, or tracking)
    std::vector<std::string> notes;     // informational ("revocation unknown: ...")
    std::string replaced_serial;        // completing `cert renew --csr-out`: the serial it replaced
};

class Importer final {
public:
    Importer(storage::Database& db, const core::Clock& clock, const RevocationLookup& revocation, BundleLoader bundles);

    // The checks, in order: (1) the file carries a private key -> Error(bad_input), in every mode, nothing
    // copied; (2) parse certificate and chain (one certificate per file, or a PKCS#7 with its chain);
    // (3) dates, roles for the purpose, path to the trust bundle; (4) revocation; (5) the certificate's
    // public key must match the store key called NAME if there is one (Error(bad_input) in every mode).
    // strict: any finding of (3)/(4) is Error(bad_input) listing them all; warn: imported, findings returned.
    // Every refusal is audited (success false, the reason) and counted before the error propagates; the
    // inventory is unchanged then.
    ImportResult import(const ImportRequest& request);

private:
    storage::Database& m_db;
    const core::Clock& m_clock;
    const RevocationLookup& m_revocation;
    BundleLoader m_bundles;
};

}  // namespace certctl::certs
