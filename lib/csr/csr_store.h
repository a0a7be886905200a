// lib/csr/csr_store.h — named CSRs in the `csrs` table, created from a key of the KeyStore and audited.
#pragma once
#include "lib/core/clock.h"
#include "lib/csr/request.h"
#include "lib/storage/store.h"

#include <botan/rng.h>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace certctl::csr {

// What `csr create` asks for; nothing here is checked yet (CsrStore::create checks it all, so that every
// refusal is counted and audited).
struct CreateParams {
    std::string name;
    std::optional<std::string> key_name;          // default: the key called `name`
    std::string algorithm;                        // for a key made on the fly; empty: the default spec
    std::optional<std::string> passphrase_file;   // to load an encrypted key, or encrypt one made on the fly
    Subject subject;
    SubjectAltNames sans;
    std::optional<long> validity_days;
    std::optional<std::filesystem::path> out;     // also write the PEM here, in the same transaction
};

struct CsrInfo {
    std::string name;
    std::string key_name;
    std::string subject;         // dn_to_string of the request's subject
    Subject subject_fields;
    SubjectAltNames sans;
    std::optional<long> validity_days;
    std::string key_algorithm;
    std::string public_key_sha256;
    std::string pem;
    std::string created;         // RFC 3339 UTC
    bool key_generated = false;  // create() made the key because it did not exist
};

class CsrStore final {
public:
    CsrStore(storage::Store& store, const core::Clock& clock);  // Botan's system RNG
    CsrStore(storage::Store& store, const core::Clock& clock, Botan::RandomNumberGenerator& rng);

    // Checks everything (names 64, subject/SANs/validity 64, existing CSR name 64, explicit --key missing 66,
    // passphrase 65/66), makes the key called `name` with `algorithm` if no key is named and none exists,
    // signs, and stores row + audit event system.generate_csr + counter csr_success in one transaction
    // (and `out`, written atomically, before that transaction commits). Any refusal or failure records
    // system.generate_csr with success false and the reason, and counts csr_failure, then rethrows.
    CsrInfo create(const CreateParams& params);

    std::optional<CsrInfo> find(const std::string& name);
    std::vector<CsrInfo> list();
    // PEM of a stored CSR; Error(not_found) if absent.
    std::string export_pem(const std::string& name);

private:
    CsrInfo create_checked(const CreateParams& params, std::string& subject_text, std::string& algorithm);

    storage::Store& m_store;
    const core::Clock& m_clock;
    Botan::RandomNumberGenerator& m_rng;
};

// The `csrs` rows for code that holds the database but no key store (exchange requests, the CA, key users).
std::optional<CsrInfo> find_csr(storage::Database& db, const std::string& name);
// Names of the CSRs made with key `key_name`, by name.
std::vector<std::string> csrs_using_key(storage::Database& db, const std::string& key_name);

}  // namespace certctl::csr
