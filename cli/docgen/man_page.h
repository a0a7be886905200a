// cli/docgen/man_page.h — roff man pages (man(7) macros) for certctl(1) and one per top-level command.
#pragma once
#include "cli/docgen/command_model.h"

#include <string>

namespace certctl::cli::docgen {

// certctl(1): synopsis, the global options, every command with its page, global exit codes, environment.
std::string root_man_page(const CommandDoc& root, const std::string& version);
// certctl-GROUP(1): each verb with its usage, options, exit codes and examples; the global options.
std::string group_man_page(const CommandDoc& root, const CommandDoc& group, const std::string& version);

}  // namespace certctl::cli::docgen
