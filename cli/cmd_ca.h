// cli/cmd_ca.h — the verbs of `certctl ca`, one register function per file.
#pragma once
#include "cli/commands.h"
#include "lib/ca/profile.h"

#include <string>

namespace certctl::cli {

void register_ca_profiles(CLI::App& group, Context& ctx);  // cmd_ca_profiles.cpp

// The profiles in force: built-ins, then <store>/ca-profiles.toml if present, then --profiles FILE.
ca::ProfileSet load_ca_profiles(Context& ctx, const std::string& profiles_file);
// Adds --profiles FILE to a verb.
void add_profiles_option(CLI::App* cmd, std::string& file);

}  // namespace certctl::cli
