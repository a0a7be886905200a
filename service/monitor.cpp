// service/monitor.cpp — alarms, counters, notifications and fail-hard for stored certificates.
#include "service/monitor.h"

#include "lib/audit/alarm_store.h"
#include "lib/audit/audit_log.h"
#include "lib/audit/counters.h"
#include "lib/core/rfc3339.h"
#include "service/action_runner.h"
#include "service/check_history.h"
#include "policies/inventory_reader.h"
#include "service/notification_schedule.h"

#include <nlohmann/json.hpp>
#include <map>
#include <set>

namespace certctl::service {

namespace {
const char* k_kind = "certificate";

// Counters count transitions into these conditions (domain.md 5.6); not-yet-valid counts as invalid.
const char* counter_for(policies::Condition c) {
    switch (c) {
        case policies::Condition::expired: return "certificate_expired";
        case policies::Condition::revoked: return "certificate_revoked";
        case policies::Condition::invalid:
        case policies::Condition::not_yet_valid: return "certificate_invalid";
        default: return nullptr;
    }
}

void save_check(storage::Database& db, const policies::CheckedCert& c, const std::string& evaluated,
                const std::optional<std::string>& last_notified) {
    CheckRecord r;
    r.name = c.name;
    r.condition = condition_name(c.verdict.condition);
    if (c.verdict.severity) {
        r.severity = static_cast<int>(*c.verdict.severity);
    }
    r.fingerprint = c.fingerprint;
    r.evaluated = evaluated;
    r.last_notified = last_notified;
    CheckHistory(db).save(r);
}

nlohmann::json alarm_json(const policies::CheckedCert& c, const std::string& at, const std::string& event) {
    return {{"event", event},
            {"name", c.name},
            {"severity", c.verdict.severity ? nlohmann::json(audit::severity_name(*c.verdict.severity)) : nlohmann::json(nullptr)},
            {"condition", condition_name(c.verdict.condition)},
            {"reason", c.verdict.reason},
            {"fingerprint", c.fingerprint},
            {"purpose", c.purpose},
            {"policy", c.policy},
            {"not_after", c.not_after ? nlohmann::json(core::format_rfc3339(*c.not_after)) : nlohmann::json(nullptr)},
            {"time", at}};
}

std::vector<std::pair<std::string, std::string>> action_env(const policies::CheckedCert& c) {
    return {{"CERTCTL_CERT_NAME", c.name},
            {"CERTCTL_REASON", c.verdict.reason},
            {"CERTCTL_SEVERITY", c.verdict.severity ? audit::severity_name(*c.verdict.severity) : "none"},
            {"CERTCTL_FINGERPRINT", c.fingerprint},
            {"CERTCTL_CONDITION", condition_name(c.verdict.condition)}};
}

// What one certificate's evaluation decided, for the work done after its transaction.
struct Decision {
    bool notify = false;
    std::string notify_event;  // "raise", "escalate", "reminder", "clear"
    std::optional<std::string> action;  // "fail-hard" or "restore"
    std::string command;
};
}  // namespace

Monitor::Monitor(storage::Store& store, const core::Clock& clock, Log log)
    : m_store(store), m_clock(clock), m_log(std::move(log)) {}

MonitorResult Monitor::record(const policies::CheckReport& report) {
    MonitorResult result;
    storage::Database& db = m_store.db();
    audit::AlarmStore alarms(db, m_clock);
    audit::AuditLog log(db, m_clock);
    audit::Counters counters(db);
    const std::string now = core::format_rfc3339(report.at);
    const std::string notify_command = m_store.config().get("policy.notify_command");
    const auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(
        m_store.config().get_duration("policy.action_timeout"));

    // One transaction for every certificate's alarm, counters, state and check row: consistent, and one
    // commit instead of one per certificate. Commands run after it, outside the write lock.
    std::vector<std::pair<const policies::CheckedCert*, Decision>> decisions;
    db.transaction([&] {
        std::map<std::string, policies::InventoryRow> rows;
        for (policies::InventoryRow& r : policies::read_inventory(db)) {
            rows.emplace(r.name, std::move(r));
        }
        const auto checks = CheckHistory(db).all();
        std::map<std::string, audit::Alarm> active_alarms;
        for (audit::Alarm& a : alarms.list(false)) {
            if (a.kind == k_kind) {
                active_alarms.emplace(a.subject, std::move(a));
            }
        }
        for (const policies::CheckedCert& c : report.certs) {
            const auto row_it = rows.find(c.name);
            if (c.source == "file" || row_it == rows.end()) {
                continue;  // files are never recorded; a row removed meanwhile is gone
            }
            const policies::InventoryRow* row = &row_it->second;
            Decision d;
            const auto prev_it = checks.find(c.name);
            const PreviousCheck* prev = prev_it == checks.end() ? nullptr : &prev_it->second;
            const auto active_it = active_alarms.find(c.name);
            const audit::Alarm* active = active_it == active_alarms.end() ? nullptr : &active_it->second;
            std::optional<std::string> last_notified = prev != nullptr ? prev->last_notified : std::nullopt;
            if (c.verdict.severity) {
                if (active == nullptr || active->severity != *c.verdict.severity || active->reason != c.verdict.reason) {
                    alarms.raise(k_kind, c.name, *c.verdict.severity, c.verdict.reason);
                }
                if (active == nullptr) {
                    d.notify = true;
                    d.notify_event = "raise";
                    ++result.raised;
                } else if (active->severity != *c.verdict.severity) {
                    d.notify = true;
                    d.notify_event = active->severity < *c.verdict.severity ? "escalate" : "change";
                    ++result.raised;
                }
            } else if (active != nullptr && alarms.clear(k_kind, c.name, c.verdict.reason)) {
                d.notify = true;
                d.notify_event = "clear";
                ++result.cleared;
                last_notified.reset();
            }
            if (const NotificationSchedule* s = schedule_for(c.purpose, c.name); s != nullptr && c.not_after) {
                std::optional<core::TimePoint> last;
                if (last_notified) {
                    last = core::parse_time(*last_notified);
                }
                if (const auto due = due_notification(*s, *c.not_after, last, report.at)) {
                    last_notified = core::format_rfc3339(*due);
                    if (!d.notify) {
                        d.notify = true;
                        d.notify_event = "reminder";
                    }
                }
            }
            const char* condition = condition_name(c.verdict.condition);
            const char* counter = counter_for(c.verdict.condition);
            if (counter != nullptr && (prev == nullptr || prev->condition != condition)) {
                counters.increment(row->purpose == "peer" ? std::string("peer_") + counter : counter);
            }
            const bool critical = c.verdict.severity == audit::Severity::critical;
            if (critical && row->policy == "fail-hard" && row->state != "out-of-service") {
                policies::set_state(db, c.name, "out-of-service");
                d.action = "fail-hard";
                d.command = row->action;
            } else if (!critical && row->state == "out-of-service") {
                policies::set_state(db, c.name, "in-service");
                d.action = "restore";
                d.command = row->restore_action;
            }
            if (prev == nullptr || prev->condition != condition || prev->fingerprint != c.fingerprint ||
                prev->last_notified != last_notified) {
                save_check(db, c, now, last_notified);
            }
            if (d.notify || d.action) {
                decisions.emplace_back(&c, std::move(d));
            }
        }
    });

    for (auto& [cp, d] : decisions) {
        const policies::CheckedCert& c = *cp;
        if (d.notify) {
            ++result.notified;
            const std::string sev = c.verdict.severity ? audit::severity_name(*c.verdict.severity) : "cleared";
            m_log("alarm " + d.notify_event + ": certificate " + c.name + " " + sev + ": " + c.verdict.reason);
            if (!notify_command.empty()) {
                const auto alarm = alarm_json(c, now, d.notify_event);
                auto env = action_env(c);
                env.emplace_back("CERTCTL_EVENT", d.notify_event);
                const ActionResult r = run_action(notify_command, env, alarm.dump() + "\n", timeout);
                if (!r.succeeded()) {
                    ++result.action_failures;
                    m_log("notify command for " + c.name + " failed: " + r.describe());
                }
                // A plain reference: lambdas capturing structured bindings are C++20 (clang 14 refuses them).
                const std::string& event = d.notify_event;
                db.transaction([&] {
                    log.record("system.policy_action", c.name,
                               {{"action", "notify"}, {"event", event}, {"command", notify_command},
                                {"exit_status", r.exit_status}, {"timed_out", r.timed_out}, {"output", r.output},
                                {"duration_ms", r.millis}},
                               r.succeeded(), r.succeeded() ? "" : r.describe());
                });
            }
        }
        if (d.action) {
            const bool hard = *d.action == "fail-hard";
            m_log(std::string("policy ") + *d.action + ": certificate " + c.name +
                  (hard ? " taken out of service: " : " back in service: ") + c.verdict.reason);
            nlohmann::json detail = {{"action", *d.action},
                                     {"state", hard ? "out-of-service" : "in-service"},
                                     {"reason", c.verdict.reason},
                                     {"severity", c.verdict.severity ? audit::severity_name(*c.verdict.severity) : "none"},
                                     {"fingerprint", c.fingerprint},
                                     {"command", d.command.empty() ? nlohmann::json(nullptr) : nlohmann::json(d.command)}};
            bool ok = true;
            std::string error;
            if (!d.command.empty()) {
                ++result.actions;
                const ActionResult r = run_action(d.command, action_env(c), "", timeout);
                detail["exit_status"] = r.started && r.signal == 0 && !r.timed_out ? nlohmann::json(r.exit_status)
                                                                                    : nlohmann::json(nullptr);
                detail["timed_out"] = r.timed_out;
                detail["output"] = r.output;
                detail["duration_ms"] = r.millis;
                ok = r.succeeded();
                if (!ok) {
                    ++result.action_failures;
                    error = r.describe();
                    m_log("policy action for " + c.name + " failed: " + error);
                }
            }
            db.transaction([&] { log.record("system.policy_action", c.name, detail, ok, error); });
        }
    }
    return result;
}

std::size_t Monitor::forget_removed(const std::vector<std::string>& names_in_inventory) {
    storage::Database& db = m_store.db();
    audit::AlarmStore alarms(db, m_clock);
    std::size_t cleared = 0;
    const std::set<std::string> present(names_in_inventory.begin(), names_in_inventory.end());
    for (const audit::Alarm& a : alarms.list(false)) {
        if (a.kind != k_kind || present.count(a.subject) != 0) {
            continue;
        }
        db.transaction([&] {
            if (alarms.clear(k_kind, a.subject, "certificate removed from the inventory")) {
                ++cleared;
                m_log("alarm clear: certificate " + a.subject + " removed from the inventory");
            }
            CheckHistory(db).forget(a.subject);
        });
    }
    return cleared;
}

}  // namespace certctl::service
