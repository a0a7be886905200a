// service/monitor.h — turns a check of stored certificates into stored alarms, counters, notifications
// and fail-hard actions. Used by `check` (without --at) and by every `watch` evaluation.
#pragma once
#include "lib/core/clock.h"
#include "lib/storage/store.h"
#include "policies/check.h"
#include "service/monitor_decision.h"

#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace certctl::service {

struct MonitorResult {
    std::size_t raised = 0;      // new alarms and escalations/de-escalations
    std::size_t cleared = 0;
    std::size_t notified = 0;    // notifications sent (log line, and the notify command if configured)
    std::size_t actions = 0;     // fail-hard and restore actions run
    std::size_t action_failures = 0;
};

class Monitor final {
public:
    using Log = std::function<void(const std::string& line)>;  // one line per notification, to stderr
    Monitor(storage::Store& store, const core::Clock& clock, Log log);

    // For each stored certificate of `report` (files given by path are skipped): raise, escalate or clear
    // its alarm; count expired/invalid/revoked transitions (peer_ variants for purpose "peer"); notify on a
    // new alarm, an escalation or a due point of the purpose's schedule; on critical, apply fail-hard
    // (out of service, action once); back in service when no longer critical (restore action).
    // Each certificate's state change, audit events and counters are one transaction; commands run
    // outside it and their outcome is audited afterwards (system.policy_action).
    MonitorResult record(const policies::CheckReport& report);

    // After a whole-inventory evaluation: clears the alarms of certificates no longer in the inventory
    // (removed: the cause went with them) and forgets their last check. Returns how many were cleared.
    std::size_t forget_removed(const std::vector<std::string>& names_in_inventory);

private:
    // Decides every stored certificate of `report` and writes alarms, counters, states and check rows in
    // one transaction; returns the certificates that still need a notification or a policy action.
    std::vector<std::pair<const policies::CheckedCert*, MonitorDecision>> decide_and_write(
        const policies::CheckReport& report, MonitorResult& result);
    void notify(const policies::CheckedCert& c, const std::string& event, const std::string& at, MonitorResult& result);
    void apply_policy(const policies::CheckedCert& c, const MonitorDecision& d, MonitorResult& result);
    std::chrono::milliseconds action_timeout() const;

    storage::Store& m_store;
    const core::Clock& m_clock;
    Log m_log;
};

}  // namespace certctl::service
