// cli/docgen/tree_agreement.cpp — the partial trees certctl parses with against the whole tree.
#include "cli/docgen/tree_agreement.h"

#include "cli/app.h"
#include "cli/context.h"

#include <CLI/CLI.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace certctl::cli::docgen {

namespace {
const char* k_fix = ": make the table in cli/app.cpp (groups()) say what the register function says";

void check_listing(const CLI::App& whole, const CLI::App& listed) {
    const std::vector<const CLI::App*> a = whole.get_subcommands({});
    const std::vector<const CLI::App*> b = listed.get_subcommands({});
    for (size_t i = 0; i < a.size() || i < b.size(); ++i) {
        const std::string name = i < a.size() ? a[i]->get_name() : b[i]->get_name();
        if (i >= a.size() || i >= b.size() || a[i]->get_name() != b[i]->get_name()) {
            throw std::runtime_error("command `" + name + "` is not at the same place in both trees" + k_fix);
        }
        if (a[i]->get_description() != b[i]->get_description() || a[i]->get_group() != b[i]->get_group()) {
            throw std::runtime_error("command `" + name + "` has another description or help group" + k_fix);
        }
    }
    if (whole.help() != listed.help()) {
        throw std::runtime_error(std::string("certctl --help of the partial tree differs from the whole tree's") +
                                 k_fix);
    }
}
}  // namespace

void check_partial_trees_agree() {
    CLI::App whole;
    Context whole_ctx;
    build_command_tree(whole, whole_ctx);

    CLI::App listed;
    Context listed_ctx;
    build_command_tree_for(listed, listed_ctx, {});
    check_listing(whole, listed);

    for (const CLI::App* command : whole.get_subcommands({})) {
        const std::string name = command->get_name();
        CLI::App one;
        Context one_ctx;
        build_command_tree_for(one, one_ctx, {name});
        check_listing(whole, one);
        if (one.get_subcommand(name)->help("", CLI::AppFormatMode::All) !=
            command->help("", CLI::AppFormatMode::All)) {
            throw std::runtime_error("certctl " + name + " --help differs when only `" + name + "` is built" +
                                     k_fix);
        }
    }
}

}  // namespace certctl::cli::docgen
