// lib/keys/key_store.h — named private keys on disk; the only code that touches key bytes.
#pragma once
#include "lib/core/clock.h"
#include "lib/keys/key_spec.h"
#include "lib/storage/store.h"

#include <botan/pk_keys.h>
#include <botan/rng.h>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace certctl::keys {

inline constexpr unsigned k_key_file_mode = 0600;

// A row of the `keys` table (migration 1). The private key itself lives only in keys/NAME.key.
struct KeyInfo {
    std::string name;
    std::string algorithm;          // KeySpec::to_string(): "rsa:3072", "ec:secp256r1"
    std::size_t bits = 0;           // RSA modulus bits, or the curve's field size
    std::string public_key_sha256;  // SHA-256 of the DER SubjectPublicKeyInfo, lower-case hex
    std::string public_key_pem;     // "PUBLIC KEY" PEM
    bool encrypted = false;
    std::string created;            // RFC 3339 UTC
};

// What refers to a key: CSRs made with it, certificates (in service) that carry its public key, and local
// CAs that sign with it. The exchange roles (id_cert, signing_cert, ...) are certificates in service.
// Filled by ca::key_users: the tables it reads belong to layers above this one.
struct KeyUsers {
    std::vector<std::string> csrs;
    std::vector<std::string> certificates;
    std::vector<std::string> cas;
};

class KeyStore final {
public:
    // Randomness from Botan's system RNG.
    KeyStore(storage::Store& store, const core::Clock& clock);
    KeyStore(storage::Store& store, const core::Clock& clock, Botan::RandomNumberGenerator& rng);

    // Generates and stores keys/NAME.key (PKCS#8 PEM, 0600, O_EXCL: never a moment world-readable),
    // encrypted when `passphrase` is given. Throws Error(usage) for a bad or existing name. Row and audit
    // event system.generate_key (import: system.import_key) are one transaction.
    KeyInfo generate(const std::string& name, const KeySpec& spec, const std::optional<std::string>& passphrase);
    // The same for a process that makes this one key and signs nothing with it (`certctl key generate`): an EC
    // key is made without Botan's tables for its curve (one_off_ec_key.h), three times faster for P-256. Any
    // other caller is better served by generate(), whose tables are built once per process and then shared.
    KeyInfo generate_only(const std::string& name, const KeySpec& spec, const std::optional<std::string>& passphrase);

    // Takes an existing private key (PKCS#8 PEM or DER, encrypted or not; also PKCS#1 "RSA PRIVATE KEY" and
    // SEC1 "EC PRIVATE KEY"). The stored copy is encrypted with `passphrase` if one is given. Keys outside
    // the allowed specs are refused (Error(bad_input)); a wrong passphrase is Error(bad_input).
    KeyInfo import(const std::string& name, const std::string& file_contents, const std::string& source,
                   const std::optional<std::string>& passphrase);

    std::optional<KeyInfo> find(const std::string& name);
    std::vector<KeyInfo> list();

    // The private key. Error(not_found) if no such key; Error(bad_input) "wrong passphrase" / "passphrase
    // required" for an encrypted key; Error(permission) if the file cannot be read.
    std::unique_ptr<Botan::Private_Key> load_private(const std::string& name,
                                                     const std::optional<std::string>& passphrase);

    // Removes file and row. Error(not_found) if absent.
    void remove(const std::string& name);

    // Removes the row and moves the file to keys/deleted/NAME.<UTC time>.key (0600, in a 0700 directory),
    // where it can be put back by hand: for a key something still uses. Returns where the file went.
    std::filesystem::path retire(const std::string& name);

    // A new key of `spec`, in memory only: the first half of a rekey (swap() stores it).
    std::unique_ptr<Botan::Private_Key> create(const KeySpec& spec);

    // Rekey: puts `key` in the place of the key called NAME. One transaction updates the row, records
    // system.generate_key (detail "rekey": true), runs `in_transaction` (the caller's rows that go with the new
    // key: the certificate it was made for) and, last, renames the new file over keys/NAME.key; the old file is
    // kept as keys/deleted/NAME.<UTC time>.key. Anything that throws leaves the old key in place and the row
    // unchanged. Error(not_found) if there is no such key.
    void swap(const std::string& name, const Botan::Private_Key& key, const std::optional<std::string>& passphrase,
              const std::function<void()>& in_transaction);

    Botan::RandomNumberGenerator& rng() { return m_rng; }

private:
    KeyInfo store_key(const std::string& name, const Botan::Private_Key& key, const KeySpec& spec,
                      const std::optional<std::string>& passphrase, const std::string& event);
    void refuse_existing(const std::string& name, const std::string& action);
    // keys/deleted/NAME.<UTC time>.key, unused, its directory made (0700).
    std::filesystem::path deleted_path(const std::string& name);

    storage::Store& m_store;
    const core::Clock& m_clock;
    Botan::RandomNumberGenerator& m_rng;
};

// The `keys` rows for code that holds the database but not the key files (the importer, exchange imports).
std::optional<KeyInfo> find_key(storage::Database& db, const std::string& name);
// The first key (by name) whose public key has this SHA-256 (lower-case hex), if any.
std::optional<std::string> key_with_public_key(storage::Database& db, const std::string& public_key_sha256);

// Reads a passphrase file (first line, without the newline). Error(not_found/permission/bad_input).
std::string read_passphrase_file(const std::string& path);

}  // namespace certctl::keys
