// service/change_runner.cpp — pending certificate changes: deploy, run hooks, audit, raise or clear the alarm.
#include "service/change_runner.h"

#include "lib/audit/alarm_store.h"
#include "lib/audit/audit_log.h"
#include "lib/certs/inventory.h"
#include "lib/certs/lifecycle_store.h"
#include "lib/certs/renewal_retries.h"
#include "lib/core/atomic_file.h"
#include "lib/core/error.h"
#include "lib/core/file_io.h"
#include "lib/core/rfc3339.h"
#include "service/action_runner.h"
#include "service/deploy_writer.h"

#include <botan/pem.h>

namespace certctl::service {

namespace {
constexpr const char* k_alarm_kind = "certificate_hook";
constexpr const char* k_hook_event = "system.certificate_hook";

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
    std::string out;
    for (const std::string& p : parts) {
        out += (out.empty() ? "" : sep) + p;
    }
    return out;
}

// The files a hook is told about: the first deploy target's, else copies kept in the store.
struct HookFiles {
    std::string cert;
    std::string chain;
};

// Writes every deploy target of `record`; a failing one is a problem, the others still go out.
HookFiles deploy(storage::Store& store, certs::LifecycleStore& lifecycle, const certs::CertRecord& record,
                 ChangeOutcome& o) {
    HookFiles files;
    for (const certs::DeployTarget& t : lifecycle.targets(record.name)) {
        try {
            write_deploy_target(store, record, t);
            ++o.deployed;
            if (files.cert.empty()) {
                files.cert = (std::filesystem::path(t.dir) / (record.name + ".pem")).string();
                files.chain = (std::filesystem::path(t.dir) / (record.name + ".chain.pem")).string();
            }
        } catch (const std::exception& e) {
            o.problems.push_back("deploy to " + t.dir + ": " + e.what());
        }
    }
    return files;
}

// The certificate's own hook, then the global one.
std::vector<std::string> hook_commands(storage::Store& store, certs::LifecycleStore& lifecycle,
                                       const std::string& name) {
    std::vector<std::string> commands;
    if (const auto own = lifecycle.hook(name)) {
        commands.push_back(*own);
    }
    if (const std::string global = store.config().get("hooks.on_change"); !global.empty()) {
        commands.push_back(global);
    }
    return commands;
}

// Without a deploy target, the hook is told about copies in the store's current/ folder.
HookFiles store_copies(storage::Store& store, const certs::CertRecord& record) {
    const std::filesystem::path dir = store.paths().root() / "current";
    core::create_private_directories(dir);
    HookFiles files{(dir / (record.name + ".pem")).string(), (dir / (record.name + ".chain.pem")).string()};
    core::write_file_atomic(files.chain, record.chain_pem, 0644);
    core::write_file_atomic(files.cert, Botan::PEM_Code::encode(record.der, "CERTIFICATE"), 0644);
    return files;
}

using HookRuns = std::vector<std::pair<std::string, ActionResult>>;

HookRuns run_hooks(storage::Store& store, const std::vector<std::string>& commands, const certs::CertRecord& record,
                   const std::string& event, const HookFiles& files, ChangeOutcome& o) {
    const std::vector<std::pair<std::string, std::string>> env = {
        {"CERTCTL_NAME", record.name},     {"CERTCTL_EVENT", event},
        {"CERTCTL_CERT_FILE", files.cert}, {"CERTCTL_CHAIN_FILE", files.chain},
        {"CERTCTL_SERIAL", record.serial}, {"CERTCTL_FINGERPRINT", record.fingerprint}};
    const auto limit =
        std::chrono::duration_cast<std::chrono::milliseconds>(store.config().get_duration("hooks.timeout"));
    HookRuns runs;
    for (const std::string& command : commands) {
        runs.emplace_back(command, run_action(command, env, "", limit));
        ++o.hooks;
        if (!runs.back().second.succeeded()) {
            o.problems.push_back("on-change hook `" + command + "`: " + runs.back().second.describe());
        }
    }
    return runs;
}

void audit_hook_run(audit::AuditLog& log, const certs::CertRecord& record, const std::string& event,
                    const std::string& command, const ActionResult& r) {
    log.record(k_hook_event, record.name,
               {{"name", record.name},
                {"event", event},
                {"command", command},
                {"serial", record.serial},
                {"fingerprint", record.fingerprint},
                {"exit_status",
                 r.started && r.signal == 0 && !r.timed_out ? nlohmann::json(r.exit_status) : nlohmann::json(nullptr)},
                {"timed_out", r.timed_out},
                {"output", r.output},
                {"duration_ms", r.millis}},
               r.succeeded(), r.succeeded() ? std::string() : r.describe());
}
}  // namespace

ChangeRunner::ChangeRunner(storage::Store& store, const core::Clock& clock, Log log)
    : m_store(store), m_clock(clock), m_log(std::move(log)) {}

std::vector<ChangeOutcome> ChangeRunner::run(const std::optional<std::string>& name) {
    std::vector<ChangeOutcome> out;
    for (const certs::PendingChange& c : certs::LifecycleStore(m_store.db()).pending(name)) {
        out.push_back(handle(c.name, c.event, c.fingerprint));
    }
    return out;
}

ChangeRunner::Retries ChangeRunner::run_due() {
    Retries out;
    certs::LifecycleStore lifecycle(m_store.db());
    const core::TimePoint now = m_clock.now();
    const core::Seconds initial = m_store.config().get_duration("hooks.retry_initial");
    const core::Seconds cap = m_store.config().get_duration("hooks.retry_max");
    const bool global_hook = !m_store.config().get("hooks.on_change").empty();
    std::vector<certs::PendingChange> quiet;  // nothing to deploy or run: settled together below
    for (const certs::PendingChange& c : lifecycle.pending()) {
        if (c.attempts > 0 && !c.last_try.empty()) {
            const core::TimePoint next = core::parse_time(c.last_try) + certs::retry_backoff(c.attempts, initial, cap);
            if (now < next) {
                ++out.waiting;
                out.next_try = out.next_try ? std::min(*out.next_try, next) : next;
                continue;
            }
        }
        if (!global_hook && !lifecycle.hook(c.name) && lifecycle.targets(c.name).empty()) {
            quiet.push_back(c);
            continue;
        }
        out.outcomes.push_back(handle(c.name, c.event, c.fingerprint));
    }
    if (!quiet.empty()) {
        m_store.db().transaction([&] {
            audit::AlarmStore alarms(m_store.db(), m_clock);
            for (const certs::PendingChange& c : quiet) {
                lifecycle.done(c.name, c.fingerprint);
                if (c.attempts > 0) {  // a target or hook that failed before was removed since
                    alarms.clear(k_alarm_kind, c.name, "no deploy target or hook left");
                }
            }
        });
        for (const certs::PendingChange& c : quiet) {
            out.outcomes.push_back(ChangeOutcome{c.name, c.event, true, {}, 0, 0});
        }
    }
    return out;
}

ChangeOutcome ChangeRunner::handle(const std::string& name, const std::string& event, const std::string& fingerprint) {
    ChangeOutcome o{name, event, false, {}, 0, 0};
    certs::LifecycleStore lifecycle(m_store.db());
    const std::optional<certs::CertRecord> record = certs::Inventory(m_store.db()).find(name);
    if (!record || record->der.empty()) {  // removed meanwhile: nothing left to deploy
        m_store.db().transaction([&] { lifecycle.done(name, fingerprint); });
        o.ok = true;
        return o;
    }
    HookFiles files = deploy(m_store, lifecycle, *record, o);
    const std::vector<std::string> commands = hook_commands(m_store, lifecycle, name);
    if (!commands.empty() && files.cert.empty()) {
        files = store_copies(m_store, *record);
    }
    const HookRuns runs = run_hooks(m_store, commands, *record, event, files, o);
    o.ok = o.problems.empty();
    const std::string now = core::format_rfc3339(m_clock.now());
    m_store.db().transaction([&] {
        audit::AuditLog log(m_store.db(), m_clock);
        for (const auto& [command, r] : runs) {
            audit_hook_run(log, *record, event, command, r);
        }
        audit::AlarmStore alarms(m_store.db(), m_clock);
        if (o.ok) {
            lifecycle.done(name, fingerprint);
            alarms.clear(k_alarm_kind, name, "deploy targets and hooks succeeded");
        } else {
            lifecycle.failed(name, now, join(o.problems, "; "));
            alarms.raise(k_alarm_kind, name, audit::Severity::major,
                         join(o.problems, "; ") + " (retried on the next watch pass)");
        }
    });
    if (m_log) {
        m_log(name + " (" + event + "): " + std::to_string(o.deployed) + " deployed, " + std::to_string(o.hooks) +
              " hook(s) run" + (o.ok ? "" : "; failed: " + join(o.problems, "; ")));
    }
    return o;
}

}  // namespace certctl::service
