// cli/cmd_alarm.cpp — certctl alarm list.
#include "cli/commands.h"
#include "lib/audit/alarm_store.h"
#include "lib/audit/audit_json.h"

namespace certctl::cli {

namespace {
void alarm_list_command(Context& ctx, bool all) {
    audit::AlarmStore store(ctx.store(storage::Store::Access::read).db(), ctx.clock);
    nlohmann::json doc = nlohmann::json::array();
    std::vector<std::vector<std::string>> rows;
    for (const audit::Alarm& a : store.list(all)) {
        doc.push_back(audit::alarm_json(a));
        std::vector<std::string> row = {audit::severity_name(a.severity), a.kind, a.subject, a.raised};
        if (all) {
            row.push_back(a.cleared.value_or("-"));
        }
        row.push_back(a.reason);
        rows.push_back(row);
    }
    std::vector<std::string> headers = {"SEVERITY", "KIND", "SUBJECT", "RAISED"};
    if (all) {
        headers.emplace_back("CLEARED");
    }
    headers.emplace_back("REASON");
    ctx.out.table(nlohmann::json{{"alarms", doc}}, headers, rows);
}
}  // namespace

void register_alarm_commands(CLI::App& app, Context& ctx) {
    CLI::App* group = app.add_subcommand("alarm", "Alarms raised for certificates, CRL sources and syncs");
    auto all = std::make_shared<bool>(false);
    CLI::App* list = group->add_subcommand("list", "Active alarms; with --all, cleared ones too");
    list->add_flag("--all", *all, "include cleared alarms, with raise and clear times");
    set_help(list, "  0 ok   66 no store yet\n",
             {{"What needs attention now:", "certctl alarm list"},
              {"The whole history, as JSON:", "certctl alarm list --all --json"}});
    on_run(list, ctx, [&ctx, all] { alarm_list_command(ctx, *all); });
}

}  // namespace certctl::cli
