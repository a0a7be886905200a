// cli/cmd_cert_hooks.cpp — certctl cert hook and cert deploy, and what runs them after a change.
#include "cli/cmd_cert_lifecycle.h"
#include "lib/audit/audit_log.h"
#include "lib/certs/inventory.h"
#include "lib/certs/lifecycle_store.h"
#include "lib/core/error.h"
#include "lib/core/name.h"
#include "lib/core/rfc3339.h"
#include "service/change_runner.h"
#include "service/deploy_writer.h"

namespace certctl::cli {

namespace {
certs::CertRecord require_stored(storage::Store& store, const std::string& name) {
    core::check_name("certificate", name);
    const auto r = certs::Inventory(store.db()).find(name);
    if (!r) {
        throw core::Error(core::Errc::not_found, "no such certificate", name, "not in the inventory",
                          "see `certctl cert list`");
    }
    if (r->der.empty()) {
        throw core::Error(core::Errc::usage, "cannot deploy or hook", name,
                          "it is a tracked file: certctl does not hold its certificate",
                          "import it with `certctl cert import` to have certctl deploy it");
    }
    return *r;
}

struct HookArgs {
    std::string name, on_change;
    bool remove = false;
};

void hook_command(Context& ctx, const HookArgs& a) {
    storage::Store& store =
        ctx.store(a.on_change.empty() && !a.remove ? storage::Store::Access::read : storage::Store::Access::write);
    require_stored(store, a.name);
    certs::LifecycleStore lifecycle(store.db());
    if (!a.on_change.empty() || a.remove) {
        store.db().transaction(
            [&] { lifecycle.set_hook(a.name, a.remove ? "" : a.on_change, core::format_rfc3339(ctx.clock.now())); });
    }
    const std::optional<std::string> hook = lifecycle.hook(a.name);
    nlohmann::json targets = nlohmann::json::array();
    for (const certs::DeployTarget& t : lifecycle.targets(a.name)) {
        targets.push_back(t.dir);
    }
    const auto pending = lifecycle.pending(a.name);
    const nlohmann::json doc = {
        {"name", a.name},
        {"on_change", hook ? nlohmann::json(*hook) : nlohmann::json(nullptr)},
        {"global_on_change", ctx.config().get("hooks.on_change")},
        {"deploy_targets", targets},
        {"pending", pending.empty() ? nlohmann::json(nullptr)
                                    : nlohmann::json{{"event", pending.front().event},
                                                     {"attempts", pending.front().attempts},
                                                     {"last_error", pending.front().last_error}}}};
    if (!a.on_change.empty() || a.remove) {
        if (ctx.out.json()) {
            ctx.out.result(doc, [](TextOut&) {});
        }
        return;
    }
    ctx.out.fields(
        doc, {{"name", a.name},
              {"on change", hook.value_or("-")},
              {"hooks.on_change",
               doc["global_on_change"].get<std::string>().empty() ? "-" : doc["global_on_change"].get<std::string>()},
              {"deploy targets", targets.empty() ? "-" : targets.dump()},
              {"pending", pending.empty() ? "-"
                                          : pending.front().event + " (" + std::to_string(pending.front().attempts) +
                                                " failed: " + pending.front().last_error + ")"}});
}

struct DeployArgs {
    std::string name, to, owner, mode;
    bool key = false, remove = false;
};

unsigned parse_mode(const std::string& text) {
    std::size_t used = 0;
    unsigned long mode = 0;
    try {
        mode = std::stoul(text, &used, 8);
    } catch (const std::exception&) {
        used = 0;
    }
    if (text.empty() || used != text.size() || mode > 0777) {
        throw core::Error(core::Errc::usage, "invalid --mode", text, "expected an octal file mode such as 0640");
    }
    if ((mode & 0002U) != 0) {
        throw core::Error(core::Errc::usage, "invalid --mode", text, "the files would be writable by everyone",
                          "use 0644 or 0640");
    }
    return static_cast<unsigned>(mode);
}

void deploy_command(Context& ctx, const DeployArgs& a) {
    storage::Store& store = ctx.store(storage::Store::Access::write);
    const certs::CertRecord record = require_stored(store, a.name);
    certs::LifecycleStore lifecycle(store.db());
    const std::string dir = std::filesystem::absolute(a.to).lexically_normal().string();
    if (a.remove) {
        bool removed = false;
        store.db().transaction([&] { removed = lifecycle.remove_target(a.name, dir); });
        if (!removed) {
            throw core::Error(core::Errc::not_found, "no such deploy target", dir, a.name + " is not deployed there",
                              "see `certctl cert hook " + a.name + "`");
        }
        return;
    }
    certs::DeployTarget t;
    t.name = a.name;
    t.dir = dir;
    t.with_key = a.key;
    t.owner = a.owner;
    service::parse_owner(a.owner);  // an unknown user or group is refused before anything is written
    if (!a.mode.empty()) {
        t.mode = parse_mode(a.mode);
    }
    t.created = core::format_rfc3339(ctx.clock.now());
    const std::vector<std::string> files = service::write_deploy_target(store, record, t);
    store.db().transaction([&] {
        lifecycle.add_target(t);
        audit::AuditLog(store.db(), ctx.clock)
            .record("system.deploy_certificate", a.name,
                    {{"name", a.name},
                     {"dir", dir},
                     {"key", a.key},
                     {"owner", a.owner},
                     {"mode", a.mode},
                     {"files", files},
                     {"serial", record.serial}},
                    true);
    });
    ctx.out.result({{"name", a.name}, {"dir", dir}, {"files", files}}, [&](TextOut& os) {
        for (const std::string& f : files) {
            os << f << "\n";
        }
    });
}
}  // namespace

void after_change(Context& ctx, const std::string& name) {
    storage::Store& store = ctx.store(storage::Store::Access::write);
    service::ChangeRunner runner(store, ctx.clock, [&ctx](const std::string& line) { ctx.out.verbose(line); });
    for (const service::ChangeOutcome& o : runner.run(name)) {
        for (const std::string& p : o.problems) {
            ctx.out.warning(o.name + ": " + p + " (alarm raised; `certctl watch` retries it)");
        }
    }
}

void register_cert_hook_commands(CLI::App& group, Context& ctx) {
    auto h = std::make_shared<HookArgs>();
    CLI::App* hook = group.add_subcommand("hook", "Run a command after a certificate is imported, renewed or replaced");
    hook->add_option("NAME", h->name, "the certificate")->required();
    auto* on = hook->add_option("--on-change", h->on_change,
                                "command (run by /bin/sh) with CERTCTL_NAME, CERTCTL_EVENT, CERTCTL_CERT_FILE, "
                                "CERTCTL_CHAIN_FILE, CERTCTL_SERIAL, CERTCTL_FINGERPRINT in its environment")
                   ->type_name("CMD");
    hook->add_flag("--remove", h->remove, "remove the certificate's hook")->excludes(on);
    set_help(hook,
             "  0 set, removed or shown   64 bad name or option; a tracked file   66 no such certificate\n"
             "  73 cannot write   75 store busy\n"
             "Without --on-change or --remove: shows the hook, hooks.on_change, deploy targets and a pending change.\n"
             "A hook runs within hooks.timeout (60s) and is audited (system.certificate_hook) with its exit status;\n"
             "one that fails raises a major alarm (kind certificate_hook) and watch runs it again after\n"
             "hooks.retry_initial (5m), the wait doubling after each failure up to hooks.retry_max (1h).\n",
             {{"Reload the web server whenever its certificate changes:",
               "certctl cert hook web01 --on-change 'echo reload for $CERTCTL_NAME serial $CERTCTL_SERIAL'"},
              {"What runs after a change, and whether one is pending:", "certctl cert hook web01"}});
    on_run(hook, ctx, [&ctx, h] { hook_command(ctx, *h); });

    auto d = std::make_shared<DeployArgs>();
    CLI::App* deploy = group.add_subcommand("deploy",
                                            "Write a certificate and its chain (and key) where a service "
                                            "reads them, now and after every change");
    deploy->add_option("NAME", d->name, "the certificate")->required();
    deploy->add_option("--to", d->to, "the directory (it must exist): NAME.pem, NAME.chain.pem, NAME.fullchain.pem")
        ->required()
        ->type_name("DIR");
    deploy->add_flag("--key", d->key, "also NAME.key, the key file as the store holds it (encrypted stays encrypted)");
    deploy->add_option("--owner", d->owner, "owner of the files, USER:GROUP (needs root)")->type_name("USER:GROUP");
    deploy
        ->add_option("--mode", d->mode,
                     "mode of the files (default 0644, key 0600; the key never gets bits for "
                     "others)")
        ->type_name("OCTAL");
    deploy->add_flag("--remove", d->remove, "stop deploying to DIR (the files stay)");
    set_help(deploy,
             "  0 written (or target removed)   64 bad name, mode or owner; a tracked file   66 no such\n"
             "  certificate, directory or key   73 cannot write   77 permission denied (--owner needs root)\n"
             "Each file is written whole (temporary, fsync, rename); after every import, renewal or replacement\n"
             "the files are written again, before the certificate's hooks run.\n",
             {{"Where a web server reads its certificate, chain and key:",
               "certctl cert deploy web01 --to . --key --mode 0640"}});
    on_run(deploy, ctx, [&ctx, d] { deploy_command(ctx, *d); });
}

}  // namespace certctl::cli
