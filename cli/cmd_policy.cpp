// cli/cmd_policy.cpp — certctl policy set/list/show: what happens when a certificate turns critical.
#include "cli/commands.h"
#include "lib/core/error.h"
#include "lib/core/name.h"
#include "policies/inventory_reader.h"

#include <optional>

namespace certctl::cli {

namespace {
struct PolicySetOptions {
    std::string name;
    std::string policy;
    std::optional<std::string> action;
    std::optional<std::string> restore_action;
};

nlohmann::json policy_json(const policies::InventoryRow& r) {
    auto opt = [](const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); };
    return {{"name", r.name}, {"policy", r.policy}, {"state", r.state}, {"action", opt(r.action)},
            {"restore_action", opt(r.restore_action)}, {"purpose", opt(r.purpose)}};
}

policies::InventoryRow must_find(storage::Database& db, const std::string& name) {
    auto row = policies::find_certificate(db, name);
    if (!row) {
        throw core::Error(core::Errc::not_found, "no such certificate", name,
                          "the store has no certificate by that name",
                          "`certctl cert list` shows the stored certificates");
    }
    return *row;
}

void policy_set_command(Context& ctx, const PolicySetOptions& o) {
    core::check_name("certificate", o.name);
    storage::Store& store = ctx.store(storage::Store::Access::write);
    store.db().transaction([&] {
        must_find(store.db(), o.name);
        policies::set_policy(store.db(), o.name, o.policy, o.action, o.restore_action);
    });
}

void policy_list_command(Context& ctx) {
    storage::Store& store = ctx.store(storage::Store::Access::read);
    nlohmann::json doc = nlohmann::json::array();
    std::vector<std::vector<std::string>> rows;
    for (const policies::InventoryRow& r : policies::read_inventory(store.db())) {
        doc.push_back(policy_json(r));
        rows.push_back({r.name, r.policy, r.state, r.action.empty() ? "-" : r.action});
    }
    ctx.out.table({{"default", store.config().get("policy.default")}, {"certificates", doc}},
                  {"NAME", "POLICY", "STATE", "ACTION"}, rows);
}

void policy_show_command(Context& ctx, const std::string& name) {
    core::check_name("certificate", name);
    storage::Store& store = ctx.store(storage::Store::Access::read);
    const policies::InventoryRow r = must_find(store.db(), name);
    ctx.out.fields(policy_json(r), {{"name", r.name},
                                    {"policy", r.policy},
                                    {"state", r.state},
                                    {"action", r.action.empty() ? "-" : r.action},
                                    {"restore action", r.restore_action.empty() ? "-" : r.restore_action},
                                    {"action timeout", store.config().get("policy.action_timeout")}});
}
}  // namespace

void register_policy_commands(CLI::App& app, Context& ctx) {
    CLI::App* group =
        app.add_subcommand("policy", "What happens when a certificate turns critical: fail-soft or fail-hard");

    auto o = std::make_shared<PolicySetOptions>();
    CLI::App* set = group->add_subcommand("set", "Set a certificate's policy and its fail-hard action");
    set->add_option("name", o->name, "stored certificate")->required()->type_name("NAME");
    set->add_option("policy", o->policy,
                    "fail-soft: notify only; fail-hard: also take it out of service and run the action")
        ->required()
        ->check(CLI::IsMember({"fail-soft", "fail-hard"}))
        ->type_name("fail-soft|fail-hard");
    set->add_option(
           "--action", o->action,
           "command run once (by /bin/sh, time limit policy.action_timeout) when fail-hard takes the certificate "
           "out of service; \"\" removes it")
        ->type_name("CMD");
    set->add_option("--restore-action", o->restore_action,
                    "command run when a valid certificate brings it back in service; \"\" removes it")
        ->type_name("CMD");
    set_help(
        set, "  0 ok   64 bad name or policy   66 no such certificate (or no store)   75 store locked\n",
        {{"Take the lab CA out of service when it turns critical, and say so in syslog:",
          "certctl policy set lab-ca fail-hard --action 'logger -t certctl \"$CERTCTL_CERT_NAME: $CERTCTL_REASON\"'"},
         {"Back to notifications only, keeping the action for later:", "certctl policy set lab-ca fail-soft"}});
    on_run(set, ctx, [&ctx, o] { policy_set_command(ctx, *o); });

    CLI::App* list = group->add_subcommand("list", "Every stored certificate with its policy, state and action");
    set_help(list, "  0 ok   66 no store yet\n",
             {{"Policies at a glance:", "certctl policy list"}, {"For a script:", "certctl policy list --json"}});
    on_run(list, ctx, [&ctx] { policy_list_command(ctx); });

    auto name = std::make_shared<std::string>();
    CLI::App* show = group->add_subcommand("show", "One certificate's policy, state, actions and time limit");
    show->add_option("name", *name, "stored certificate")->required()->type_name("NAME");
    set_help(show, "  0 ok   64 bad name   66 no such certificate (or no store)\n",
             {{"What happens when the lab CA turns critical:", "certctl policy show lab-ca"},
              {"As JSON:", "certctl policy show lab-ca --json"}});
    on_run(show, ctx, [&ctx, name] { policy_show_command(ctx, *name); });
}

}  // namespace certctl::cli
