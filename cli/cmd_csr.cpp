// cli/cmd_csr.cpp — certctl csr commands (not yet implemented in this build).
#include "cli/commands.h"

namespace certctl::cli {

void register_csr_commands(CLI::App& /*app*/, Context& /*ctx*/) {}

}  // namespace certctl::cli
