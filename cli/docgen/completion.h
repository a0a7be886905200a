// cli/docgen/completion.h — bash and zsh completion scripts for certctl, from the command model: groups,
// verbs, options, and stored names (through `certctl __names KIND`) where an argument names one.
#pragma once
#include "cli/docgen/command_model.h"

#include <string>

namespace certctl::cli::docgen {

std::string bash_completion(const CommandDoc& root);
std::string zsh_completion(const CommandDoc& root);

}  // namespace certctl::cli::docgen
