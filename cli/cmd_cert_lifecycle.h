// cli/cmd_cert_lifecycle.h — the lifecycle verbs of `certctl cert`: renew (cmd_cert_renew.cpp), hook and deploy
// (cmd_cert_hooks.cpp), and what runs deploy targets and hooks after a change.
#pragma once
#include "cli/context.h"

#include <CLI/CLI.hpp>
#include <string>

namespace certctl::cli {

void register_cert_renew_command(CLI::App& cert_group, Context& ctx);
void register_cert_hook_commands(CLI::App& cert_group, Context& ctx);  // hook, deploy

// After a command changed certificate NAME (import, renew): its deploy targets and hooks run now. A failure is
// a warning (and an alarm that `watch` retries), never the command's exit code: the change itself is stored.
void after_change(Context& ctx, const std::string& name);

}  // namespace certctl::cli
