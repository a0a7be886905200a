// service/monitor.cpp — alarms, counters, notifications and fail-hard for stored certificates.
#include "service/monitor.h"

#include "lib/audit/alarm_store.h"
#include "lib/audit/audit_log.h"
#include "lib/audit/counters.h"
#include "lib/core/rfc3339.h"
#include "service/action_runner.h"
#include "service/check_history.h"
#include "policies/inventory_reader.h"
#include "service/monitor_decision.h"

#include <nlohmann/json.hpp>
#include <algorithm>
#include <unordered_map>
#include <set>

namespace certctl::service {

namespace {
const char* k_kind = "certificate";

void save_check(storage::Database& db, const policies::CheckedCert& c, const std::string& evaluated,
                const std::optional<std::string>& last_notified) {
    CheckRecord r;
    r.name = c.name;
    r.condition = policies::condition_name(c.verdict.condition);
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
            {"severity",
             c.verdict.severity ? nlohmann::json(audit::severity_name(*c.verdict.severity)) : nlohmann::json(nullptr)},
            {"condition", policies::condition_name(c.verdict.condition)},
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
            {"CERTCTL_CONDITION", policies::condition_name(c.verdict.condition)}};
}

// The active alarms of certificates (not of CRL sources or exchange syncs).
std::vector<audit::Alarm> active_certificate_alarms(audit::AlarmStore& alarms) {
    std::vector<audit::Alarm> active = alarms.list(false);
    active.erase(std::remove_if(active.begin(), active.end(), [](const audit::Alarm& a) { return a.kind != k_kind; }),
                 active.end());
    return active;
}

template <class T, class Key>
std::unordered_map<std::string, T> by_name(std::vector<T> items, Key key) {
    std::unordered_map<std::string, T> out;
    for (T& item : items) {
        std::string k = key(item);
        out.emplace(std::move(k), std::move(item));
    }
    return out;
}

template <class Map>
const typename Map::mapped_type* lookup(const Map& m, const std::string& name) {
    const auto it = m.find(name);
    return it == m.end() ? nullptr : &it->second;
}
}  // namespace

Monitor::Monitor(storage::Store& store, const core::Clock& clock, Log log)
    : m_store(store), m_clock(clock), m_log(std::move(log)) {}

std::vector<std::pair<const policies::CheckedCert*, MonitorDecision>> Monitor::decide_and_write(
    const policies::CheckReport& report, MonitorResult& result) {
    storage::Database& db = m_store.db();
    audit::AlarmStore alarms(db, m_clock);
    audit::Counters counters(db);
    const std::string now = core::format_rfc3339(report.at);
    std::vector<std::pair<const policies::CheckedCert*, MonitorDecision>> decisions;
    // One transaction for every certificate's alarm, counters, state and check row: consistent, and one
    // commit instead of one per certificate. Commands run after it, outside the write lock.
    db.transaction([&] {
        // Read again under the write lock (another process may have changed a policy since the check read
        // it), but only what the decision reads: policy, state, actions and purpose.
        const auto rows = certs::Inventory(db).policies();
        const auto checks = CheckHistory(db).all();
        const auto active_alarms =
            by_name(active_certificate_alarms(alarms), [](const audit::Alarm& a) { return a.subject; });
        for (const policies::CheckedCert& c : report.certs) {
            const certs::CertPolicy* row = certs::find_policy(rows, c.name);
            if (c.source == "file" || row == nullptr) {
                continue;  // files are never recorded; a row removed meanwhile is gone
            }
            MonitorDecision d =
                decide(c, *row, CheckHistory::find(checks, c.name), lookup(active_alarms, c.name), report.at);
            if (d.raise_alarm) {
                alarms.raise(k_kind, c.name, *c.verdict.severity, c.verdict.reason);
            }
            if (d.clear_alarm) {
                // Listed as active in this same transaction, so the clear takes effect.
                alarms.clear(k_kind, c.name, c.verdict.reason);
                ++result.cleared;
            }
            if (d.counts_as_raised) {
                ++result.raised;
            }
            if (d.counter) {
                counters.increment(*d.counter);
            }
            if (d.new_state) {
                policies::set_state(db, c.name, *d.new_state);
            }
            if (d.save_check) {
                save_check(db, c, now, d.last_notified);
            }
            if (d.acts()) {
                decisions.emplace_back(&c, std::move(d));
            }
        }
    });
    return decisions;
}

void Monitor::notify(const policies::CheckedCert& c, const std::string& event, const std::string& at,
                     MonitorResult& result) {
    ++result.notified;
    const std::string sev = c.verdict.severity ? audit::severity_name(*c.verdict.severity) : "cleared";
    m_log("alarm " + event + ": certificate " + c.name + " " + sev + ": " + c.verdict.reason);
    const std::string notify_command = m_store.config().get("policy.notify_command");
    if (notify_command.empty()) {
        return;
    }
    auto env = action_env(c);
    env.emplace_back("CERTCTL_EVENT", event);
    const ActionResult r = run_action(notify_command, env, alarm_json(c, at, event).dump() + "\n", action_timeout());
    if (!r.succeeded()) {
        ++result.action_failures;
        m_log("notify command for " + c.name + " failed: " + r.describe());
    }
    audit::AuditLog log(m_store.db(), m_clock);
    m_store.db().transaction([&] {
        log.record("system.policy_action", c.name,
                   {{"action", "notify"}, {"event", event}, {"command", notify_command},
                    {"exit_status", r.exit_status}, {"timed_out", r.timed_out}, {"output", r.output},
                    {"duration_ms", r.millis}},
                   r.succeeded(), r.succeeded() ? "" : r.describe());
    });
}

void Monitor::apply_policy(const policies::CheckedCert& c, const MonitorDecision& d, MonitorResult& result) {
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
        const ActionResult r = run_action(d.command, action_env(c), "", action_timeout());
        detail["exit_status"] =
            r.started && r.signal == 0 && !r.timed_out ? nlohmann::json(r.exit_status) : nlohmann::json(nullptr);
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
    audit::AuditLog log(m_store.db(), m_clock);
    m_store.db().transaction([&] { log.record("system.policy_action", c.name, detail, ok, error); });
}

std::chrono::milliseconds Monitor::action_timeout() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
        m_store.config().get_duration("policy.action_timeout"));
}

MonitorResult Monitor::record(const policies::CheckReport& report) {
    MonitorResult result;
    const std::string at = core::format_rfc3339(report.at);
    for (const auto& [cert, decision] : decide_and_write(report, result)) {
        if (decision.notify_event) {
            notify(*cert, *decision.notify_event, at, result);
        }
        if (decision.action) {
            apply_policy(*cert, decision, result);
        }
    }
    return result;
}

std::size_t Monitor::forget_removed(const std::vector<std::string>& names_in_inventory) {
    storage::Database& db = m_store.db();
    audit::AlarmStore alarms(db, m_clock);
    std::size_t cleared = 0;
    const std::vector<audit::Alarm> active = active_certificate_alarms(alarms);
    if (active.empty()) {
        return 0;  // the common case: nothing to look up, so no set of every name (a fiftieth of a large check)
    }
    const std::set<std::string> present(names_in_inventory.begin(), names_in_inventory.end());
    for (const audit::Alarm& a : active) {
        if (present.count(a.subject) != 0) {
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
