// cli/docgen/stored_names.h — which arguments take the name of something in the store, so completion can
// offer the names `certctl __names KIND` lists, and which take a file or a directory.
#pragma once
#include "cli/docgen/command_model.h"

#include <string>
#include <vector>

namespace certctl::cli::docgen {

// "keys", "csrs", "certs", "cas", "bundles", "crls", "users" (stored names, see cli/cmd_names.cpp), "file",
// "dir"; several joined by a space ("certs file": a stored certificate or a file); "" for free text.
std::string argument_kind(const CommandDoc& cmd, const OptionDoc& arg);

// Table entries that match no argument of the tree (a renamed option, a removed verb): each is a bug of the
// table, reported by the generator so the build fails rather than completion going quietly wrong.
std::vector<std::string> unmatched_entries(const CommandDoc& root);

}  // namespace certctl::cli::docgen
