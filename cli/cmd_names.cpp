// cli/cmd_names.cpp — certctl __names KIND: the stored names shell completion offers, one per line.
// Hidden (no help entry, no man page): the completion scripts call it while the user types, so it prints
// nothing but names, never an error, and exits 0 whatever happens (no store, a locked or older store).
#include "cli/commands.h"

#include <iostream>
#include <map>

namespace certctl::cli {

namespace {
// KIND -> the query of its names. The tables are the store's; a kind whose table an older store lacks
// fails to prepare and lists nothing.
const std::map<std::string, const char*>& name_queries() {
    static const std::map<std::string, const char*> queries = {
        {"keys", "SELECT name FROM keys ORDER BY name"},
        {"csrs", "SELECT name FROM csrs ORDER BY name"},
        {"certs", "SELECT name FROM certificates ORDER BY name"},
        {"cas", "SELECT name FROM cas ORDER BY name"},
        {"bundles", "SELECT name FROM trust_bundles ORDER BY name"},
        {"crls", "SELECT name FROM crl_sources ORDER BY name"},
        {"users", "SELECT name FROM api_users ORDER BY name"},
    };
    return queries;
}

void names_command(Context& ctx, const std::string& kind) {
    const auto query = name_queries().find(kind);
    if (query == name_queries().end()) {
        return;
    }
    try {
        if (!ctx.has_store()) {
            return;
        }
        SQLite::Statement q(ctx.store(storage::Store::Access::read).db().sql(), query->second);
        while (q.executeStep()) {
            std::cout << q.getColumn(0).getString() << '\n';
        }
    } catch (const std::exception&) {
        // A completion that cannot look has nothing to offer; the command the user then runs says why.
    }
}
}  // namespace

void register_names_commands(CLI::App& app, Context& ctx) {
    auto kind = std::make_shared<std::string>();
    CLI::App* names = app.add_subcommand("__names", "stored names for shell completion");
    names->group("");  // hidden from --help, the man pages and completion itself
    names->add_option("KIND", *kind, "keys, csrs, certs, cas, bundles, crls or users")->required();
    names->callback([&ctx, kind] { names_command(ctx, *kind); });
}

}  // namespace certctl::cli
