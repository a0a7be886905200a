// cli/app.cpp — the CLI11 tree, global options, and the only catch in the program.
#include "cli/app.h"

#include "cli/commands.h"
#include "cli/exit_codes.h"

#include <botan/exceptn.h>
#include <filesystem>
#include <iostream>

#ifndef CERTCTL_VERSION
#define CERTCTL_VERSION "0.0.0"
#endif

namespace certctl::cli {

namespace {
const char* k_description =
    "certctl: keys, CSRs, certificates, a local CA and CRLs for networks that keep their own PKI.\n"
    "Store: --store beats CERTCTL_STORE beats /var/lib/certctl (root) or ~/.local/share/certctl.";

const char* k_global_exit_codes =
    "  0 ok   1 the answer is no   64 usage   65 bad input   66 not found   69 remote unavailable\n"
    "  70 internal error   73 cannot write   75 locked   77 permission denied\n";
}  // namespace

int run(int argc, char** argv) {
    CLI::App app{k_description, "certctl"};
    Context ctx;
    app.set_version_flag("--version", "certctl " CERTCTL_VERSION);
    // An empty --store is a script's unset variable: refused, never taken as "the default store".
    app.add_option("--store", ctx.opts.store, "store directory (not empty)")
        ->type_name("DIR")
        ->check(CLI::Validator(
            [](std::string& dir) {
                return dir.empty() ? std::string(
                                         "--store is empty: give a directory, or leave --store out to use "
                                         "CERTCTL_STORE or the default")
                                   : std::string();
            },
            "DIR", "not empty"));
    app.add_option("--config", ctx.opts.config, "configuration file (TOML)")->type_name("FILE");
    app.add_flag("--json", ctx.opts.json, "one JSON document on stdout");
    app.add_flag("-q,--quiet", ctx.opts.quiet, "nothing on stderr but warnings and errors");
    app.add_flag("-v,--verbose", ctx.opts.verbose, "say more on stderr");
    app.require_subcommand(1);
    app.fallthrough();  // global options also after the group and verb: `certctl key list --json`
    app.footer(std::string("\nEXIT CODES\n") + k_global_exit_codes);
    register_store_commands(app, ctx);
    register_key_commands(app, ctx);
    register_csr_commands(app, ctx);
    register_cert_commands(app, ctx);
    register_trust_commands(app, ctx);
    register_ca_commands(app, ctx);
    register_crl_commands(app, ctx);
    register_exchange_commands(app, ctx);
    register_check_commands(app, ctx);
    register_alarm_commands(app, ctx);
    register_policy_commands(app, ctx);
    register_watch_commands(app, ctx);
    register_audit_commands(app, ctx);
    for (CLI::App* group : app.get_subcommands({})) {
        group->fallthrough();
        if (!group->get_subcommands({}).empty()) {
            group->require_subcommand(1);
        }
        for (CLI::App* verb : group->get_subcommands({})) {
            verb->fallthrough();
        }
    }
    try {
        app.parse(argc, argv);
        return ctx.exit_code;
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) {
            return app.exit(e);
        }
        ctx.out.configure(ctx.opts.json, ctx.opts.quiet, ctx.opts.verbose);
        ctx.out.usage_error(e.what(), "see `certctl --help` or `certctl GROUP VERB --help`");
        return k_exit_usage;
    } catch (const core::Error& e) {
        ctx.out.error(e);
        return exit_code_for(e.code());
    } catch (const std::filesystem::filesystem_error& e) {
        // A path we could not even stat: say which, and map "permission denied" to its own exit code.
        const bool denied = e.code() == std::errc::permission_denied;
        const core::Errc code = denied ? core::Errc::permission : core::Errc::cannot_write;
        ctx.out.error(core::Error(code, "access", e.path1().string(), e.code().message(),
                                  denied ? "check the permissions of the path and its parent directories"
                                         : "check that the path exists and the disk is not full"));
        return exit_code_for(code);
    } catch (const Botan::Exception& e) {
        ctx.out.internal_error(e);  // library code converts Botan errors on untrusted input; this is a bug
        return k_exit_internal;
    } catch (const std::exception& e) {
        ctx.out.internal_error(e);
        return k_exit_internal;
    }
}

}  // namespace certctl::cli
