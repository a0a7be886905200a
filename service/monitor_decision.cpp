// service/monitor_decision.cpp — the monitor's transitions for one certificate (see monitor_decision.h).
#include "service/monitor_decision.h"

#include "lib/core/rfc3339.h"
#include "service/notification_schedule.h"

namespace certctl::service {

namespace {
// Counters count transitions into these conditions; not-yet-valid counts as invalid.
const char* counter_for(policies::Condition c) {
    switch (c) {
        case policies::Condition::expired: return "certificate_expired";
        case policies::Condition::revoked: return "certificate_revoked";
        case policies::Condition::invalid:
        case policies::Condition::not_yet_valid: return "certificate_invalid";
        default: return nullptr;
    }
}

// Raise, escalate, change or clear the alarm; a clear forgets when the last reminder went out.
void decide_alarm(const policies::CheckedCert& c, const audit::Alarm* active, MonitorDecision& d) {
    if (c.verdict.severity) {
        d.raise_alarm = active == nullptr || active->severity != *c.verdict.severity ||
                        active->reason != c.verdict.reason;
        if (active == nullptr) {
            d.notify_event = "raise";
            d.counts_as_raised = true;
        } else if (active->severity != *c.verdict.severity) {
            d.notify_event = active->severity < *c.verdict.severity ? "escalate" : "change";
            d.counts_as_raised = true;
        }
    } else if (active != nullptr) {
        d.clear_alarm = true;
        d.notify_event = "clear";
        d.last_notified.reset();
    }
}

// A due point of the purpose's notification schedule is a reminder (unless something louder is sent).
void decide_reminder(const policies::CheckedCert& c, core::TimePoint at, MonitorDecision& d) {
    const NotificationSchedule* s = schedule_for(c.purpose, c.name);
    if (s == nullptr || !c.not_after) {
        return;
    }
    std::optional<core::TimePoint> last;
    if (d.last_notified) {
        last = core::parse_time(*d.last_notified);
    }
    if (const auto due = due_notification(*s, *c.not_after, last, at)) {
        d.last_notified = core::format_rfc3339(*due);
        if (!d.notify_event) {
            d.notify_event = "reminder";
        }
    }
}

// Fail-hard takes a critical certificate out of service once; any better verdict brings it back.
void decide_policy(const policies::CheckedCert& c, const certs::CertPolicy& row, MonitorDecision& d) {
    const bool critical = c.verdict.severity == audit::Severity::critical;
    if (critical && row.policy == "fail-hard" && row.state != "out-of-service") {
        d.new_state = "out-of-service";
        d.action = "fail-hard";
        d.command = row.action;
    } else if (!critical && row.state == "out-of-service") {
        d.new_state = "in-service";
        d.action = "restore";
        d.command = row.restore_action;
    }
}
}  // namespace

MonitorDecision decide(const policies::CheckedCert& c, const certs::CertPolicy& row, const PreviousCheck* prev,
                       const audit::Alarm* active, core::TimePoint at) {
    MonitorDecision d;
    d.last_notified = prev != nullptr ? prev->last_notified : std::nullopt;
    decide_alarm(c, active, d);
    decide_reminder(c, at, d);
    const std::string condition = policies::condition_name(c.verdict.condition);
    if (const char* counter = counter_for(c.verdict.condition);
        counter != nullptr && (prev == nullptr || prev->condition != condition)) {
        d.counter = row.purpose == "peer" ? std::string("peer_") + counter : std::string(counter);
    }
    decide_policy(c, row, d);
    d.save_check = prev == nullptr || prev->condition != condition || prev->fingerprint != c.fingerprint ||
                   prev->last_notified != d.last_notified;
    return d;
}

}  // namespace certctl::service
