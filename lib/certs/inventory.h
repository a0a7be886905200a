// lib/certs/inventory.h — the `certificates` table: certificates certctl holds (imported, issued) or
// watches (tracked files). Used by cert, ca, check, alarm and exchange code; keep this header stable.
#pragma once
#include "lib/storage/database.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace certctl::certs {

inline constexpr const char* k_state_in_service = "in-service";
inline constexpr const char* k_state_out_of_service = "out-of-service";

// One row of `certificates` (migration 1). Text fields are "" when unknown.
struct CertRecord {
    std::string name;
    std::string source;                 // "imported" | "tracked" | "issued"
    std::string path;                   // tracked: the absolute path watched
    std::vector<std::uint8_t> der;      // imported/issued: the certificate (empty for tracked)
    std::string chain_pem;              // chain given at import (PEM, may be empty)
    std::string purpose = "any";        // a certs::purposes() name
    std::string subject;
    std::string issuer;
    std::string serial;                 // lower-case hex
    std::string not_before;             // RFC 3339 UTC
    std::string not_after;
    std::string fingerprint;            // SHA-256 lower-case hex
    std::string key_name;               // the store key it matches, if any
    std::string trust_bundle;           // bundle its chain was checked against, if any
    std::string state = k_state_in_service;
    std::string policy = "fail-soft";   // "fail-soft" | "fail-hard"
    std::string action;                 // fail-hard command
    std::string validation_mode;        // "strict" | "warn" at import
    std::vector<std::string> warnings;  // findings accepted in warn mode
    std::string imported;               // RFC 3339 UTC, when the row was written
    std::string restore_action;         // fail-hard: run when a valid certificate brings the row back in service
};

struct CertSummary;
// Sets the row's certificate fields (subject, issuer, serial, dates, fingerprint) from what the certificate
// says: the one copy of that mapping, for import and for a tracked file read again.
void set_certificate_fields(CertRecord& record, const CertSummary& summary);

// A certificate that was in service under a name before a renewal or replacement took its place.
struct HistoryEntry {
    std::string serial;
    std::string fingerprint;
    std::string subject;
    std::string not_before;
    std::string not_after;
    std::string replaced;     // RFC 3339
    std::string replaced_by;  // serial of its successor
    std::string event;        // "renew" | "replace"
};

// `cert renew --csr-out`: the CSR handed to an external CA; the next `cert import NAME` completes it.
struct PendingRenewal {
    std::string name;
    std::string csr_pem;
    std::string public_key_sha256;
    std::string requested;  // RFC 3339
};

// What a policy decision reads of a row (service/monitor_decision): a few short strings, so the monitor can
// read them again for every certificate of a large store inside its write transaction.
struct CertPolicy {
    std::string name;
    std::string purpose;
    std::string state;
    std::string policy;
    std::string action;          // fail-hard command
    std::string restore_action;  // run when a valid certificate brings the row back in service
};

// The entry of `sorted` (Inventory::policies) for `name`, or nullptr.
const CertPolicy* find_policy(const std::vector<CertPolicy>& sorted, const std::string& name);

class Inventory final {
public:
    explicit Inventory(storage::Database& db) : m_db(db) {}

    // Inserts a row. Error(usage) "already exists" when the name is taken (nothing is overwritten).
    // Call inside the transaction that audits the change.
    void add(const CertRecord& record);
    bool exists(const std::string& name);
    std::optional<CertRecord> find(const std::string& name);
    std::vector<CertRecord> list();  // by name
    // list() without each row's certificate and chain (`der` and `chain_pem` left empty): what a listing
    // shows, at a fraction of the memory of a large inventory.
    std::vector<CertRecord> list_fields();
    std::size_t count();
    // How many rows, in service, out of service and expired (not_after before `now`, RFC 3339 UTC), tracked
    // rows as their files are now: for `status`, counted by SQLite instead of every row read into memory.
    struct Tally {
        std::int64_t total = 0;
        std::int64_t in_service = 0;
        std::int64_t out_of_service = 0;
        std::int64_t expired = 0;
    };
    Tally tally(const std::string& now);

    // Every row by name, one at a time, with (whole) or without (fields) its certificate and chain, or with
    // its certificate and, only where the row names a trust bundle, its chain (judged: what a check reads; a
    // chain is only validated against a bundle): for a caller that works on a large inventory while it is
    // read (policies::check_inventory).
    enum class Content { whole, fields, judged };
    void for_each(Content content, const std::function<void(CertRecord&&)>& row);
    // Removes the row; Error(not_found) when there is none.
    void remove(const std::string& name);
    // Sets in-service / out-of-service (fail-hard policies, a valid replacement). Error(not_found).
    void set_state(const std::string& name, const std::string& state);
    // Sets the policy and its action. Error(not_found).
    void set_policy(const std::string& name, const std::string& policy, const std::string& action);

    // Sets the row's restore_action ("" clears it). Error(not_found).
    void set_restore_action(const std::string& name, const std::string& action);
    // Every row's CertPolicy, sorted by name (find one with find_policy).
    std::vector<CertPolicy> policies();
    // The issued certificates in service that have both dates, by name: what automatic renewal looks at.
    struct IssuedDates {
        std::string name, not_before, not_after;
    };
    std::vector<IssuedDates> issued_in_service();

    // The row's source ("imported" | "tracked" | "issued"), if the row exists. Cheap: issuance asks once
    // per certificate.
    std::optional<std::string> source_of(const std::string& name);
    // The DER of every stored certificate (imported or issued; tracked rows hold none), in the order they were stored.
    std::vector<std::vector<std::uint8_t>> stored_certificates();
    // Rows in service whose key_name is `key`, or that name no key and are called `key`, by name.
    std::vector<std::string> in_service_using_key(const std::string& key);

    // Puts `successor` in the place of the row of the same name, which goes to the history (`event`: renew or
    // replace) together with its certificate; the row's settings (purpose, policy, action, state, trust bundle)
    // stay unless `successor` gives its own. Error(not_found). Call inside the transaction that audits it.
    void replace(const CertRecord& successor, const std::string& when, const std::string& event);
    // Earlier certificates of NAME, newest first.
    std::vector<HistoryEntry> history(const std::string& name);

    void set_pending_renewal(const PendingRenewal& pending);  // replaces an earlier one
    std::optional<PendingRenewal> pending_renewal(const std::string& name);
    void clear_pending_renewal(const std::string& name);

private:
    std::vector<CertRecord> all(Content content);  // list() and list_fields()
    // for_each over the rows `tail` selects ("ORDER BY name", "WHERE ..."), tracked rows read from their files.
    void each_row(Content content, const std::string& tail, const std::function<void(CertRecord&&)>& row);

    storage::Database& m_db;
};

}  // namespace certctl::certs
