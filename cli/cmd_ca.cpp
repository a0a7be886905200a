// cli/cmd_ca.cpp — certctl ca commands (not yet implemented in this build).
#include "cli/commands.h"

namespace certctl::cli {

void register_ca_commands(CLI::App& /*app*/, Context& /*ctx*/) {}

}  // namespace certctl::cli
