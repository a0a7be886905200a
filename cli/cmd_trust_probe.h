// cli/cmd_trust_probe.h — registers `certctl trust probe` under the trust group.
#pragma once
#include "cli/context.h"

#include <CLI/CLI.hpp>

namespace certctl::cli {

void register_trust_probe_command(CLI::App& trust_group, Context& ctx);

}  // namespace certctl::cli
