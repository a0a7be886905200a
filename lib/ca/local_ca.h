// lib/ca/local_ca.h — the CAs kept in the store: create, issue in bulk, revoke, publish CRLs.
#pragma once
#include "lib/ca/cert_issuer.h"
#include "lib/ca/crl_writer.h"
#include "lib/ca/profile.h"
#include "lib/core/clock.h"
#include "lib/keys/key_store.h"
#include "lib/storage/store.h"

#include <botan/pk_keys.h>
#include <botan/rng.h>
#include <botan/x509cert.h>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace certctl::ca {

// CA keys live in the key store like any key; the CLI hands in these calls (keys::KeyStore with the
// right passphrase), so everything that can fail happens inside LocalCa and is audited there.
struct KeyAccess {
    std::function<bool(const std::string& name)> exists;
    std::function<void(const std::string& name)> generate;  // with the algorithm the operator chose
    std::function<std::unique_ptr<Botan::Private_Key>(const std::string& name)> load;
    std::function<void(const std::string& name)> remove;   // undo a generate when init fails
    // Takes an existing key into the store (`ca import`): keys::KeyStore::import, 0600, audited.
    std::function<void(const std::string& name, const std::string& contents, const std::string& source)> import;
};

// KeyAccess over `ks` for keys that are never encrypted (a lab's, an exchange lab's, tests'): generated with
// the default algorithm, loaded without a passphrase. The CLI builds its own (cmd_ca_keys.cpp) for passphrases.
KeyAccess unencrypted_key_access(keys::KeyStore& ks);

struct CaInfo {
    std::string name;
    std::string profile;
    std::string key_name;
    std::optional<std::string> issuer;  // local CA that issued it; none for a root
    std::vector<std::uint8_t> der;
    std::string subject;
    std::string serial;
    std::string not_before;
    std::string not_after;
    std::string crl_url;
    std::string ca_issuers_url;
    std::int64_t crl_number = 0;
    std::string created;
    std::string chain_pem;     // adopted CA: its issuers outside the store (PEM), for chain()
    std::string next_serial;   // adopted CA continuing its sequence: the next serial (hex); "" random serials
    std::string imported;      // RFC 3339 when `ca import` adopted it; "" for a CA certctl made
    std::int64_t issued = 0;   // filled by list() and count_issued() only: a scan of what it issued
    std::int64_t revoked = 0;
};

struct InitOptions {
    std::string name;
    std::string profile;
    Botan::X509_DN subject;
    std::optional<std::string> issuer;
    std::optional<std::string> key;  // an existing key; else a key called NAME is generated
    std::string crl_url;
    std::string ca_issuers_url;
    std::optional<int> days;
};

// `ca import`: adopt a CA made elsewhere (OpenSSL, EJBCA, step) with its key.
struct AdoptOptions {
    std::string name;
    std::string cert_file;
    std::string key_file;
    std::string chain_file;                  // optional: its issuers, for chain()
    std::optional<std::string> profile;      // default: root when self-signed, else sub-ca
    std::optional<std::string> next_serial;  // continue the old CA's sequence (hex); default: random serials
    std::int64_t crl_number = 0;             // the last CRL number the old CA published; ours continue above it
    std::optional<std::string> passphrase;   // of the key file (and of the stored copy)
    std::string crl_url;
    std::string ca_issuers_url;
};

// `cert renew NAME` for a certificate a local CA issued.
struct RenewOptions {
    std::string name;
    bool rekey = false;                         // a new key of the same algorithm, swapped in with the certificate
    std::optional<int> days;                    // default: the profile's
    std::optional<std::string> key_passphrase;  // --rekey of an encrypted key: the new one is encrypted with it
};

// `watch`: one certificate that could not be renewed, and why.
struct RenewFailure {
    std::string name;
    std::string error;
};

struct RenewResult {
    std::string name;
    std::string ca;
    std::string profile;
    std::string old_serial;
    std::string new_serial;
    std::string not_after;
    std::string fingerprint;
    bool rekeyed = false;
};

// One CSR to issue: `name` is its inventory name, `origin` the file or CSR name for messages.
struct CsrInput {
    std::string name;
    std::string origin;
    std::string data;            // PEM or DER PKCS#10
    std::filesystem::path file;  // when `data` is empty: read on the worker that issues it
};

struct IssueOptions {
    std::string ca;
    std::string profile;
    std::optional<int> days;
    enum class Output { none, file, dir } output = Output::none;  // none: PEM returned for stdout
    std::filesystem::path out;
};

struct IssuedItem {
    std::string name;
    std::string serial;
    std::string subject;
    std::string not_after;
    std::string fingerprint;
    std::string path;  // empty with Output::none
    std::string pem;
};

struct RevokeResult {
    std::string serial;
    std::string name;
    std::string subject;
    int reason = 0;
    std::string revoked_at;
};

struct CrlResult {
    std::uint64_t crl_number = 0;
    std::size_t entries = 0;
    std::uint64_t bytes = 0;
    std::string this_update;
    std::string next_update;
};

struct IssueBatch;  // local_ca.cpp: one batch signed and not yet stored

class LocalCa final {
public:
    LocalCa(storage::Store& store, const core::Clock& clock, Botan::RandomNumberGenerator& rng,
            const ProfileSet& profiles);

    std::optional<CaInfo> find(const std::string& name);
    CaInfo get(const std::string& name);  // Error(not_found)
    std::vector<CaInfo> list();
    void count_issued(CaInfo& ca);
    // The CA's certificate, then its issuers up to the root.
    std::vector<Botan::X509_Certificate> chain(const std::string& name);

    // A root (profile self_signed, no issuer) or an intermediate issued by `issuer`. Audited as
    // system.issue_certificate, failures too. Errors: usage (name taken, bad profile for init), not_found
    // (issuer, key), bad_input (path length, expiry, key type).
    CaInfo init(const InitOptions& options, const KeyAccess& keys);

    // Adopts an existing CA (ca_adopt.cpp): the certificate must be a CA (basicConstraints CA:TRUE, keyCertSign)
    // whose key is in --key, the chain must lead from it upwards. The key enters the store through
    // KeyAccess::import; the row, with the serial and CRL number to continue from, is audited as
    // system.import_ca, failures too. Errors: usage (bad or taken name, key name taken, bad --next-serial,
    // --crl-number, profile), bad_input (not a CA, key mismatch, key file with a certificate, cert file with a
    // key, broken chain, unreadable files, wrong passphrase), not_found (a file).
    CaInfo adopt(const AdoptOptions& options, const KeyAccess& keys);

    // Re-issues the certificate NAME from the CA that issued it, with the same profile, subject and SANs, for
    // the same key or (rekey) a new one made first by `leaf_keys` and swapped in atomically with the new
    // certificate (KeyStore::swap). The old certificate goes to the inventory's history. Audited as
    // system.renew_certificate (old and new serial), failures too. Errors: not_found (name), usage (not
    // issued by a local CA, --days), bad_input (CA expired or its key missing; --rekey without the key).
    RenewResult renew(const RenewOptions& options, const KeyAccess& ca_keys, keys::KeyStore& leaf_keys);

    // renew() with the same key for many certificates at once (`watch`), as `issue` does a batch: grouped by CA
    // and profile, each group's CA key is loaded once, the certificates are signed on a few threads, and the
    // group is stored in one transaction (per certificate the same rows and audit event as renew()): a crash
    // leaves every certificate of the group old or every one new, never one without a certificate. When a
    // certificate of a group cannot be signed, the group falls back to renew() one by one, so one bad
    // certificate does not hold up the others. Failures are returned (and audited), never thrown, except a
    // store that cannot be read.
    struct BatchRenewal {
        std::vector<RenewResult> renewed;
        std::vector<RenewFailure> failed;
    };
    BatchRenewal renew_many(const std::vector<std::string>& names, const KeyAccess& ca_keys,
                            keys::KeyStore& leaf_keys);

    // Every CSR is read and checked before anything is signed; all certificates are written, entered in
    // the inventory and audited together, or none is. Failures are audited.
    std::vector<IssuedItem> issue(const IssueOptions& options, const std::vector<CsrInput>& csrs,
                                  const KeyAccess& keys);
    // issue() for several requests, each from its own CA and profile (an exchange authorization answers with
    // certificates from four CAs): all are signed first, then stored in one transaction, so a failure (a full
    // disk) leaves none of them issued and a rerun starts from nothing. Items in the order of `requests`.
    struct IssueRequest {
        IssueOptions options;
        std::vector<CsrInput> csrs;
    };
    // `before_commit` (optional) gets the items inside that transaction once they are recorded: if it throws,
    // nothing is stored.
    std::vector<std::vector<IssuedItem>> issue_together(
        const std::vector<IssueRequest>& requests, const KeyAccess& keys,
        const std::function<void(const std::vector<std::vector<IssuedItem>>&)>& before_commit = {});

    // Error(not_found) unknown serial; Error(bad_input) already revoked. Audited.
    RevokeResult revoke(const std::string& ca, const std::string& serial, int reason,
                        std::optional<core::TimePoint> at);

    // Signs the CA's next CRL (number + 1, persisted) and streams it to `sink`; the number is stored
    // once the CRL is complete. `commit` runs after the number is stored (AtomicFile::commit).
    CrlResult publish_crl(const std::string& ca, const KeyAccess& keys, core::Seconds next_update, CrlFormat format,
                          const std::function<void(const std::uint8_t*, std::size_t)>& sink);

    // The CSRs stored by `certctl csr create` (table csrs). Error(not_found).
    std::string stored_csr(const std::string& name);

private:
    class RenewalBatch;  // the steps of renew_many (renewal_batch.cpp)
    struct InitIssuer;
    // `ca init` of an intermediate: the parent's issuer and the new CA's notAfter (nothing for a root, whose
    // --days is checked against the profile here).
    InitIssuer init_issuer(const InitOptions& o, const Profile& p, const KeyAccess& keys, core::TimePoint now);
    // Settings to issue `count` certificates with: an adopted CA with a serial sequence reserves the range
    // (next_serial += count, committed before signing: a failure leaves a gap, never a repeat).
    CaSettings issuing_settings(const CaInfo& ca, std::size_t count);
    void record_failure(const std::string& event, const std::string& subject, const nlohmann::json& detail,
                        const std::string& error);
    // issue()'s work before anything is stored: checks, the CA key, every certificate signed (files staged).
    std::unique_ptr<IssueBatch> sign_batch(const IssueOptions& o, const std::vector<CsrInput>& csrs,
                                           const KeyAccess& keys);
    void record_issue_failure(const IssueOptions& o, const std::vector<CsrInput>& csrs, const std::string& error);

    storage::Store& m_store;
    const core::Clock& m_clock;
    Botan::RandomNumberGenerator& m_rng;
    const ProfileSet& m_profiles;
};

// How many local CAs the store holds.
std::int64_t count_cas(storage::Database& db);
// Names of the local CAs that sign with key `key_name`, by name.
std::vector<std::string> cas_using_key(storage::Database& db, const std::string& key_name);
// The serial (lower-case hex) of the newest certificate CA `ca` issued under inventory name `name`.
std::optional<std::string> issued_serial(storage::Database& db, const std::string& ca, const std::string& name);

}  // namespace certctl::ca
