// cli/cmd_store.cpp — certctl init, status, config show.
#include "cli/commands.h"
#include "crl/source_store.h"
#include "lib/audit/alarm_store.h"
#include "lib/ca/local_ca.h"
#include "lib/certs/inventory.h"
#include "lib/core/rfc3339.h"
#include "lib/csr/csr_store.h"
#include "lib/keys/key_store.h"
#include "lib/trust/trust_store.h"

#include <algorithm>
#include <functional>

namespace certctl::cli {

namespace {
// The store's rows counted for `status`, each asked of its table's owner. Certificates are counted from
// the inventory, not the stored column: a tracked file may have been replaced since.
void add_counts(Context& ctx, storage::Store& store, const std::function<void(const std::string&, std::int64_t)>& add) {
    storage::Database& db = store.db();
    const auto size = [](const auto& rows) { return static_cast<std::int64_t>(rows.size()); };
    add("keys", size(keys::KeyStore(store, ctx.clock).list()));
    add("csrs", size(csr::CsrStore(store, ctx.clock).list()));
    const certs::Inventory::Tally certificates = certs::Inventory(db).tally(core::format_rfc3339(ctx.clock.now()));
    add("certificates", certificates.total);
    add("certificates_in_service", certificates.in_service);
    add("certificates_out_of_service", certificates.out_of_service);
    add("certificates_expired", certificates.expired);
    add("trust_bundles", size(trust::TrustStore(db, ctx.clock).list()));
    add("local_cas", ca::count_cas(db));
    const std::vector<crl::Source> sources = crl::SourceStore(db).list();
    add("crl_sources", size(sources));
    add("crl_sources_failing",
        std::count_if(sources.begin(), sources.end(), [](const crl::Source& s) { return s.consecutive_failures > 0; }));
    const std::vector<audit::Alarm> alarms = audit::AlarmStore(db, ctx.clock).list(false);
    const auto with = [&](audit::Severity level) {
        return std::count_if(alarms.begin(), alarms.end(), [&](const audit::Alarm& a) { return a.severity == level; });
    };
    add("active_alarms", size(alarms));
    add("active_alarms_critical", with(audit::Severity::critical));
    add("active_alarms_major", with(audit::Severity::major));
    add("active_alarms_minor", with(audit::Severity::minor));
}

void init_command(Context& ctx) {
    storage::Store& store = ctx.store(storage::Store::Access::write);
    const nlohmann::json doc = {{"store", store.paths().root().string()}, {"created", store.created()},
                                {"schema_version", store.db().schema_version()}};
    ctx.out.result(doc, [&](TextOut& os) { os << store.paths().root().string() << "\n"; });
}

void status_command(Context& ctx) {
    storage::Store& store = ctx.store(storage::Store::Access::read);
    nlohmann::json doc = {{"store", store.paths().root().string()}};
    std::vector<std::pair<std::string, std::string>> rows = {{"store", store.paths().root().string()}};
    add_counts(ctx, store, [&](const std::string& key, std::int64_t n) {
        doc[key] = n;
        rows.emplace_back(key, std::to_string(n));
    });
    ctx.out.fields(doc, rows);
}

void config_show_command(Context& ctx) {
    const core::Config& config = ctx.config();
    nlohmann::json doc = {{"file", config.file().empty() ? nullptr : nlohmann::json(config.file().string())},
                          {"settings", nlohmann::json::array()}};
    std::vector<std::vector<std::string>> rows;
    for (const core::ConfigEntry& e : core::config_entries()) {
        const auto& v = config.values().at(e.key);
        doc["settings"].push_back({{"key", e.key}, {"value", v.value}, {"origin", v.origin},
                                   {"default", e.default_value}, {"description", e.description}});
        rows.push_back({e.key, v.value.empty() ? "\"\"" : v.value, v.origin});
    }
    ctx.out.table(doc, {"KEY", "VALUE", "ORIGIN"}, rows);
}
}  // namespace

void register_store_commands(CLI::App& app, Context& ctx) {
    CLI::App* init = app.add_subcommand("init", "Create the store (idempotent) and print where it is");
    set_help(init, "  0 created or already there   73 cannot write   77 permission denied\n",
             {{"Create the store where CERTCTL_STORE (or the default) points:", "certctl init"},
              {"Create a store in a directory of your choice:", "certctl --store ./demo-store init"}});
    on_run(init, ctx, [&ctx] { init_command(ctx); });

    CLI::App* status = app.add_subcommand("status", "Counts of keys, CSRs, certificates, CRL sources and alarms");
    set_help(status, "  0 ok   66 no store yet   77 someone else's store without read access\n",
             {{"One screen about the store:", "certctl status"}});
    on_run(status, ctx, [&ctx] { status_command(ctx); });

    CLI::App* config = app.add_subcommand("config", "Show the effective configuration");
    CLI::App* show = config->add_subcommand("show", "Every setting with its value and where it came from");
    set_help(show,
             "  0 ok   65 the configuration file is invalid (syntax, unknown key, wrong type, duration without\n"
             "  its unit, value out of range, alarms.minor shorter than alarms.major; file and key named)\n"
             "  66 --config file missing\n",
             {{"See every default and its origin:", "certctl config show"}});
    on_run(show, ctx, [&ctx] { config_show_command(ctx); });
}

}  // namespace certctl::cli
