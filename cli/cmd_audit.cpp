// cli/cmd_audit.cpp — certctl audit list, certctl stats.
#include "cli/commands.h"
#include "lib/audit/audit_json.h"
#include "lib/core/rfc3339.h"

namespace certctl::cli {

namespace {
struct AuditListOptions {
    std::string event;
    std::string since;
    std::size_t limit = 100;
};

void audit_list_command(Context& ctx, const AuditListOptions& o) {
    audit::EventFilter filter;
    if (!o.event.empty()) {
        filter.type = o.event;
    }
    if (!o.since.empty()) {
        filter.since = core::parse_time(o.since, "--since");
    }
    filter.limit = o.limit;
    audit::AuditLog log(ctx.store(storage::Store::Access::read).db(), ctx.clock);
    const std::vector<audit::Event> events = log.list(filter);
    nlohmann::json doc = nlohmann::json::array();
    std::vector<std::vector<std::string>> rows;
    for (const audit::Event& e : events) {
        doc.push_back(audit::event_json(e));
        rows.push_back(
            {e.time, e.type, e.success ? "yes" : "no", e.description,
             e.detail.is_discarded() ? "" : e.detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)});
    }
    ctx.out.table(nlohmann::json{{"events", doc}}, {"TIME", "TYPE", "OK", "DESCRIPTION", "DETAIL"}, rows);
}

void stats_command(Context& ctx, bool reset) {
    storage::Store& store = ctx.store(reset ? storage::Store::Access::write : storage::Store::Access::read);
    audit::Counters counters(store.db());
    const auto values = counters.all();
    if (reset) {
        store.db().transaction([&] { counters.reset(); });
    }
    nlohmann::json doc = nlohmann::json::object();
    std::vector<std::vector<std::string>> rows;
    for (const audit::CounterDef& def : audit::counter_defs()) {
        doc[def.name] = values.at(def.name);
        rows.push_back({def.name, std::to_string(values.at(def.name))});
    }
    ctx.out.table(nlohmann::json{{"counters", doc}, {"reset", reset}}, {"COUNTER", "VALUE"}, rows);
}
}  // namespace

void register_audit_commands(CLI::App& app, Context& ctx) {
    CLI::App* audit_group = app.add_subcommand("audit", "Audit events recorded by certctl");
    auto opts = std::make_shared<AuditListOptions>();
    CLI::App* list = audit_group->add_subcommand("list", "List audit events, oldest first (the newest LIMIT)");
    std::vector<std::string> types;
    for (const audit::EventType& t : audit::event_types()) {
        types.emplace_back(t.type);
    }
    list->add_option("--event", opts->event, "only this event type")->check(CLI::IsMember(types));
    list->add_option("--since", opts->since, "only events at or after this time (RFC 3339 or YYYY-MM-DD)");
    list->add_option("--limit", opts->limit, "at most this many (newest)")->capture_default_str()
        ->check(CLI::Range(1, 1000000));
    set_help(list, "  0 ok   64 bad option   66 no store yet\n",
             {{"The last ten certificate imports:", "certctl audit list --event system.ingest_certificate --limit 10"},
              {"Everything since New Year, as JSON:", "certctl audit list --since 2026-01-01 --json"}});
    on_run(list, ctx, [&ctx, opts] { audit_list_command(ctx, *opts); });

    auto reset = std::make_shared<bool>(false);
    CLI::App* stats = app.add_subcommand("stats", "Statistics counters (CSR, import, CRL, certificate states)");
    stats->add_flag("--reset", *reset, "print the counters, then set them all to zero");
    set_help(stats, "  0 ok   66 no store yet\n",
             {{"All counters:", "certctl stats"}, {"For a monitoring script:", "certctl stats --json"}});
    on_run(stats, ctx, [&ctx, reset] { stats_command(ctx, *reset); });
}

}  // namespace certctl::cli
