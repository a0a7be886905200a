// cli/cmd_crl.cpp — certctl crl commands (not yet implemented in this build).
#include "cli/commands.h"

namespace certctl::cli {

void register_crl_commands(CLI::App& /*app*/, Context& /*ctx*/) {}

}  // namespace certctl::cli
