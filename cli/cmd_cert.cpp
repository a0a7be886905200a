// cli/cmd_cert.cpp — certctl cert commands (not yet implemented in this build).
#include "cli/commands.h"

namespace certctl::cli {

void register_cert_commands(CLI::App& /*app*/, Context& /*ctx*/) {}

}  // namespace certctl::cli
