// cli/commands.h — one register function per command group (cli/cmd_<group>.cpp).
#pragma once
#include "cli/context.h"

#include <CLI/CLI.hpp>

namespace certctl::cli {

void register_store_commands(CLI::App& app, Context& ctx);  // init, status, config
void register_audit_commands(CLI::App& app, Context& ctx);  // audit, stats
void register_key_commands(CLI::App& app, Context& ctx);
void register_csr_commands(CLI::App& app, Context& ctx);
void register_cert_commands(CLI::App& app, Context& ctx);
void register_trust_commands(CLI::App& app, Context& ctx);
void register_ca_commands(CLI::App& app, Context& ctx);
void register_crl_commands(CLI::App& app, Context& ctx);
void register_exchange_commands(CLI::App& app, Context& ctx);
void register_alarm_commands(CLI::App& app, Context& ctx);  // alarm list
void register_check_commands(CLI::App& app, Context& ctx);  // check
void register_policy_commands(CLI::App& app, Context& ctx);  // policy set/list/show
void register_watch_commands(CLI::App& app, Context& ctx);   // watch
void register_user_commands(CLI::App& app, Context& ctx);    // user (REST API users)
void register_serve_commands(CLI::App& app, Context& ctx);   // serve (execs certctl-serve)
void register_names_commands(CLI::App& app, Context& ctx);   // __names (hidden: for shell completion)

}  // namespace certctl::cli
