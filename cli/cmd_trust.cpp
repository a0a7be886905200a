// cli/cmd_trust.cpp — certctl trust commands (not yet implemented in this build).
#include "cli/commands.h"

namespace certctl::cli {

void register_trust_commands(CLI::App& /*app*/, Context& /*ctx*/) {}

}  // namespace certctl::cli
