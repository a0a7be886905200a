// cli/cmd_names.cpp — certctl __names KIND: the stored names shell completion offers, one per line.
// Hidden (no help entry, no man page): the completion scripts call it while the user types, so it prints
// nothing but names, never an error, and exits 0 whatever happens (no store, a locked or older store).
#include "cli/commands.h"
#include "lib/storage/stored_names.h"

#include <string>
#include <vector>

namespace certctl::cli {

namespace {
void names_command(Context& ctx, const std::string& kind) {
    try {
        if (!ctx.has_store()) {
            return;
        }
        const auto names = storage::stored_names(ctx.store(storage::Store::Access::read).db(), kind);
        std::string lines;
        for (const std::string& name : names.value_or(std::vector<std::string>{})) {
            lines += name + "\n";
        }
        ctx.out.text(lines);
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
