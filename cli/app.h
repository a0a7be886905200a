// cli/app.h — builds the command tree and turns every outcome into an exit code.
#pragma once

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
}  // namespace certctl::cli
