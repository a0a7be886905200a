// cli/docgen/main.cpp — certctl-docgen: writes certctl's man pages and completion scripts at build time from
// the command tree certctl itself parses with (build_command_tree), so they say what --help says.
// Not installed; certctl never runs any of this.
//   certctl-docgen man OUTDIR COMMAND...   certctl.1 and certctl-COMMAND.1 for each COMMAND
//   certctl-docgen bash OUT | zsh OUT      the completion script
#include "cli/app.h"
#include "cli/context.h"
#include "cli/docgen/completion.h"
#include "cli/docgen/man_page.h"
#include "cli/docgen/stored_names.h"
#include "cli/docgen/tree_agreement.h"

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <set>

#ifndef CERTCTL_VERSION
#define CERTCTL_VERSION "0.0.0"
#endif

namespace {
using namespace certctl::cli::docgen;

void write(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
        throw std::runtime_error("cannot write " + path);
    }
}

// The build lists the pages it expects (meson needs the outputs up front): a command without a page, or a
// page for no command, fails the build with what to change.
void check_commands(const CommandDoc& root, const std::set<std::string>& listed) {
    std::set<std::string> actual;
    for (const CommandDoc& g : root.commands) {
        actual.insert(g.path.front());
    }
    for (const std::string& name : actual) {
        if (listed.count(name) == 0) {
            throw std::runtime_error("command `" + name +
                                     "` has no man page: add it to man_commands in cli/docgen/meson.build");
        }
    }
    for (const std::string& name : listed) {
        if (actual.count(name) == 0) {
            throw std::runtime_error("man_commands in cli/docgen/meson.build lists `" + name +
                                     "`, which is no certctl command");
        }
    }
}

int generate(int argc, char** argv) {
    CLI::App app;
    certctl::cli::Context ctx;
    certctl::cli::build_command_tree(app, ctx);
    check_partial_trees_agree();
    const CommandDoc root = describe(app);
    const std::vector<std::string> unmatched = unmatched_entries(root);
    if (!unmatched.empty()) {
        throw std::runtime_error("cli/docgen/stored_names.cpp names an argument the commands no longer have: " +
                                 unmatched.front());
    }
    const std::string what = argc > 1 ? argv[1] : "";
    if (what == "man" && argc >= 3) {
        const std::string dir = argv[2];
        const std::set<std::string> listed(argv + 3, argv + argc);
        check_commands(root, listed);
        write(dir + "/certctl.1", root_man_page(root, CERTCTL_VERSION));
        for (const CommandDoc& g : root.commands) {
            write(dir + "/certctl-" + g.path.front() + ".1", group_man_page(root, g, CERTCTL_VERSION));
        }
        return 0;
    }
    if ((what == "bash" || what == "zsh") && argc == 3) {
        write(argv[2], what == "bash" ? bash_completion(root) : zsh_completion(root));
        return 0;
    }
    std::cerr << "usage: certctl-docgen man OUTDIR COMMAND... | bash FILE | zsh FILE\n";
    return 64;
}
}  // namespace

int main(int argc, char** argv) {
    try {
        return generate(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "certctl-docgen: " << e.what() << "\n";
        return 1;
    }
}
