// service/change_runner.h — after a certificate changed (imported, renewed, replaced): write it to its deploy
// targets, then run its on-change hook and the configured hooks.on_change, until all of them have succeeded.
#pragma once
#include "lib/core/clock.h"
#include "lib/storage/store.h"

#include <functional>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace certctl::service {

struct ChangeOutcome {
    std::string name;
    std::string event;
    bool ok = false;
    std::vector<std::string> problems;  // "deploy to /etc/nginx/tls: ...", "on-change hook: exit 3"
    std::size_t deployed = 0;           // targets written
    std::size_t hooks = 0;              // hooks run
};

class ChangeRunner final {
public:
    using Log = std::function<void(const std::string& line)>;
    ChangeRunner(storage::Store& store, const core::Clock& clock, Log log = {});

    // Handles the pending changes (all, or those of `name`): deploy targets, then hooks with CERTCTL_NAME,
    // CERTCTL_EVENT, CERTCTL_CERT_FILE, CERTCTL_CHAIN_FILE, CERTCTL_SERIAL and CERTCTL_FINGERPRINT, each within
    // hooks.timeout and audited (system.certificate_hook, with its exit status). A change whose deploy or hook
    // failed stays pending (retried by the next call: the next watch pass) and raises a major alarm of kind
    // "certificate_hook"; success clears it. Never throws for a failing hook or target.
    std::vector<ChangeOutcome> run(const std::optional<std::string>& name = std::nullopt);

    // `watch`'s pass: run() over every pending change whose last failure's backoff has run out
    // (hooks.retry_initial after the first failure, doubled after each further one, at most hooks.retry_max;
    // attempts and last try are kept with the change, so a restarted watch keeps to it). A change nobody
    // deploys or hooks (no target, no hook) is settled with the others in one transaction.
    struct Retries {
        std::vector<ChangeOutcome> outcomes;
        std::size_t waiting = 0;                  // failed before, backoff not over
        std::optional<core::TimePoint> next_try;  // the earliest end of such a backoff
    };
    Retries run_due();

private:
    ChangeOutcome handle(const std::string& name, const std::string& event, const std::string& fingerprint);

    storage::Store& m_store;
    const core::Clock& m_clock;
    Log m_log;
};

}  // namespace certctl::service
