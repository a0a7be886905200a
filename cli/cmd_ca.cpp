// cli/cmd_ca.cpp — certctl ca: the command tree; handlers live in cmd_ca_*.cpp.
#include "cli/cmd_ca.h"

namespace certctl::cli {

void register_ca_commands(CLI::App& app, Context& ctx) {
    CLI::App* group = app.add_subcommand("ca", "Local CA: profiles, CAs, issuance, revocation, CRLs");
    group->require_subcommand(1);
    register_ca_profiles(*group, ctx);
    register_ca_manage(*group, ctx);
    register_ca_import(*group, ctx);
    register_ca_issue(*group, ctx);
    register_ca_revoke(*group, ctx);
}

}  // namespace certctl::cli
