// cli/cmd_exchange.cpp — certctl exchange commands (not yet implemented in this build).
#include "cli/commands.h"

namespace certctl::cli {

void register_exchange_commands(CLI::App& /*app*/, Context& /*ctx*/) {}

}  // namespace certctl::cli
