// service/monitor_decision.h — what the monitor does about one stored certificate's check, decided from
// values alone (the check, its inventory row, its last recorded check, its active alarm, the time), so
// every transition is unit-tested without a store; service/monitor.cpp then writes and acts on it.
#pragma once
#include "lib/audit/alarm_store.h"
#include "lib/core/clock.h"
#include "policies/check.h"
#include "lib/certs/inventory.h"
#include "service/check_history.h"

#include <optional>
#include <string>

namespace certctl::service {

struct MonitorDecision {
    bool raise_alarm = false;  // raise or update the alarm (new, other severity or other reason)
    bool clear_alarm = false;  // the certificate is healthy again and has an active alarm
    std::optional<std::string> notify_event;  // "raise", "escalate", "change", "reminder", "clear"
    bool counts_as_raised = false;            // a new alarm, or its severity changed
    std::optional<std::string> counter;       // counter to increment (a transition into a bad condition)
    std::optional<std::string> new_state;     // "out-of-service" (fail-hard) or "in-service" (restore)
    std::optional<std::string> action;        // "fail-hard" or "restore"
    std::string command;                      // the row's action or restore action ("" runs nothing)
    std::optional<std::string> last_notified; // RFC 3339, to store with the check
    bool save_check = false;                  // the check row changed and must be written

    bool acts() const { return notify_event.has_value() || action.has_value(); }
};

// `prev` and `active` are null when the certificate has no recorded check or no active alarm.
MonitorDecision decide(const policies::CheckedCert& c, const certs::CertPolicy& row, const PreviousCheck* prev,
                       const audit::Alarm* active, core::TimePoint at);

}  // namespace certctl::service
