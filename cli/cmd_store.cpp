// cli/cmd_store.cpp — certctl init, status, config show.
#include "cli/commands.h"
#include "lib/core/rfc3339.h"

#include <SQLiteCpp/Statement.h>
#include <optional>

namespace certctl::cli {

namespace {
// Counts rows of a table that a later migration may not have created yet in this build.
std::optional<std::int64_t> count_rows(storage::Database& db, const std::string& table, const std::string& where = "") {
    SQLite::Statement exists(db.sql(), "SELECT count(*) FROM sqlite_master WHERE type='table' AND name=?");
    exists.bind(1, table);
    if (!exists.executeStep() || exists.getColumn(0).getInt() == 0) {
        return std::nullopt;
    }
    SQLite::Statement q(db.sql(), "SELECT count(*) FROM " + table + (where.empty() ? "" : " WHERE " + where));
    q.executeStep();
    return q.getColumn(0).getInt64();
}

void init_command(Context& ctx) {
    storage::Store& store = ctx.store(storage::Store::Access::write);
    const nlohmann::json doc = {{"store", store.paths().root().string()}, {"created", store.created()},
                                {"schema_version", store.db().schema_version()}};
    ctx.out.result(doc, [&](TextOut& os) { os << store.paths().root().string() << "\n"; });
}

void status_command(Context& ctx) {
    storage::Store& store = ctx.store(storage::Store::Access::read);
    storage::Database& db = store.db();
    nlohmann::json doc = {{"store", store.paths().root().string()}};
    std::vector<std::pair<std::string, std::string>> rows = {{"store", store.paths().root().string()}};
    try {
        const auto add = [&](const std::string& key, const std::optional<std::int64_t>& n) {
            if (n) {
                doc[key] = *n;
                rows.emplace_back(key, std::to_string(*n));
            }
        };
        add("keys", count_rows(db, "keys"));
        add("csrs", count_rows(db, "csrs"));
        add("certificates", count_rows(db, "certificates"));
        add("certificates_in_service", count_rows(db, "certificates", "state = 'in-service'"));
        add("certificates_out_of_service", count_rows(db, "certificates", "state = 'out-of-service'"));
        const std::string now = core::format_rfc3339(ctx.clock.now());
        add("certificates_expired", count_rows(db, "certificates", "not_after IS NOT NULL AND not_after < '" + now + "'"));
        add("trust_bundles", count_rows(db, "trust_bundles"));
        add("local_cas", count_rows(db, "cas"));
        add("crl_sources", count_rows(db, "crl_sources"));
        add("crl_sources_failing", count_rows(db, "crl_sources", "consecutive_failures > 0"));
        add("active_alarms", count_rows(db, "alarms", "cleared IS NULL"));
        add("active_alarms_critical", count_rows(db, "alarms", "cleared IS NULL AND severity = 3"));
        add("active_alarms_major", count_rows(db, "alarms", "cleared IS NULL AND severity = 2"));
        add("active_alarms_minor", count_rows(db, "alarms", "cleared IS NULL AND severity = 1"));
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, store.paths().database().string());
    }
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
    set_help(status, "  0 ok   66 no store yet\n", {{"One screen about the store:", "certctl status"}});
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
