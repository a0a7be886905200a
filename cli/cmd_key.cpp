// cli/cmd_key.cpp — certctl key commands (not yet implemented in this build).
#include "cli/commands.h"

namespace certctl::cli {

void register_key_commands(CLI::App& /*app*/, Context& /*ctx*/) {}

}  // namespace certctl::cli
