// cli/app.h — builds the command tree and turns every outcome into an exit code.
#pragma once
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace certctl::cli {
class Context;

int run(int argc, char** argv);

// The whole tree: global options, every group and verb with its help texts and handlers. run() parses
// with it; certctl-docgen walks it to write the man pages and completion scripts, so they say what
// --help says.
void build_command_tree(CLI::App& app, Context& ctx);

// What run() parses with: the global options, every top-level command listed with its description (so
// `certctl --help` and unknown-command errors are those of the whole tree), and the options and verbs of
// only the commands named in `words` (the command line after argv[0]).
void build_command_tree_for(CLI::App& app, Context& ctx, const std::vector<std::string>& words);
}  // namespace certctl::cli
