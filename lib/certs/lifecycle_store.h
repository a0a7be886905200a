// lib/certs/lifecycle_store.h — what happens after a certificate changes: its on-change hook, its deploy targets,
// and the changes they have not seen yet (tables certificate_hooks, deploy_targets, certificate_changes).
#pragma once
#include "lib/storage/database.h"

#include <optional>
#include <string>
#include <vector>

namespace certctl::certs {

struct DeployTarget {
    std::string name;
    std::string dir;  // absolute
    bool with_key = false;
    std::string owner;             // "user:group", "user" or ":group"; "" the writer's
    std::optional<unsigned> mode;  // of every file; none: certificates 0644, key 0600
    std::string created;
};

// A change the deploy targets and hooks of `name` have not yet seen; it stays until they all succeeded.
struct PendingChange {
    std::string name;
    std::string event;        // "import" | "renew" | "replace"
    std::string fingerprint;  // of the certificate that came in
    std::string changed;      // RFC 3339
    int attempts = 0;
    std::string last_try;
    std::string last_error;
};

class LifecycleStore final {
public:
    explicit LifecycleStore(storage::Database& db) : m_db(db) {}

    // The certificate's own on-change command; an empty command removes it.
    void set_hook(const std::string& name, const std::string& command, const std::string& now);
    std::optional<std::string> hook(const std::string& name);

    // Adds the target, or replaces the one with the same directory.
    void add_target(const DeployTarget& target);
    std::vector<DeployTarget> targets(const std::string& name);
    // Removes the target of `name` in `dir`; false when there was none.
    bool remove_target(const std::string& name, const std::string& dir);

    // Call inside the transaction that changes the certificate: a crash can then not lose the change.
    void record_change(const std::string& name, const std::string& event, const std::string& fingerprint,
                       const std::string& now);
    std::vector<PendingChange> pending(const std::optional<std::string>& name = std::nullopt);
    // The change was handled: gone, unless a newer one (another fingerprint) came in meanwhile.
    void done(const std::string& name, const std::string& fingerprint);
    void failed(const std::string& name, const std::string& when, const std::string& error);
    // Drops hook, targets, pending change and renewal backoff of a certificate that left the inventory.
    void forget(const std::string& name);

private:
    storage::Database& m_db;
};

}  // namespace certctl::certs
