// cli/cmd_ca.h — the verbs of `certctl ca`, one register function per file.
#pragma once
#include "cli/commands.h"
#include "lib/ca/local_ca.h"
#include "lib/ca/profile.h"

#include <string>

namespace certctl::cli {

void register_ca_profiles(CLI::App& group, Context& ctx);  // cmd_ca_profiles.cpp
void register_ca_manage(CLI::App& group, Context& ctx);    // cmd_ca_manage.cpp: init, list, show
void register_ca_issue(CLI::App& group, Context& ctx);     // cmd_ca_issue.cpp
void register_ca_revoke(CLI::App& group, Context& ctx);    // cmd_ca_revoke.cpp: revoke, crl
void register_ca_import(CLI::App& group, Context& ctx);    // cmd_ca_import.cpp

// The JSON of one CA (ca show, ca list, ca init, ca import).
nlohmann::json ca_json(const ca::CaInfo& c);  // cmd_ca_manage.cpp

// How the CA's key (and, for `ca init --issuer`, the issuer's key) is reached.
struct CaKeyOptions {
    std::string passphrase_file;
    std::string issuer_passphrase_file;
    std::string issuer_key_name;  // which key takes issuer_passphrase_file
    std::string algorithm;        // for a key `ca init` generates
};
ca::KeyAccess ca_key_access(Context& ctx, const CaKeyOptions& options);  // cmd_ca_keys.cpp
void add_passphrase_option(CLI::App* cmd, std::string& file);

// The profiles in force: built-ins, then <store>/ca-profiles.toml if present, then --profiles FILE.
ca::ProfileSet load_ca_profiles(Context& ctx, const std::string& profiles_file);
// Adds --profiles FILE to a verb.
void add_profiles_option(CLI::App* cmd, std::string& file);

}  // namespace certctl::cli
