// cli/app.cpp — the CLI11 tree, global options, and the only catch in the program.
#include "cli/app.h"

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "lib/core/printable.h"

#include <botan/exceptn.h>
#include <filesystem>
#include <iostream>
#include <string>

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
// `--passphrase VALUE` is no option. The usage error would list the unexpected VALUE, so a passphrase typed
// there would also land in the terminal's scrollback and in whatever logs stderr: say so without echoing it.
bool passphrase_on_command_line(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        for (const char* option : {"--passphrase", "--password", "--pass"}) {
            if (arg == option || arg.rfind(std::string(option) + "=", 0) == 0) {
                return true;
            }
        }
    }
    return false;
}

// `check ... --format nagios`: a Nagios plugin must print one status line and exit 0-3 whatever happens,
// so every failure (a bad option included, which CLI11 reports before the handler runs) becomes UNKNOWN.
bool nagios_requested(int argc, char** argv) {
    bool in_check = false;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--") {
            break;
        }
        in_check = in_check || a == "check";
        if (in_check &&
            (a == "--format=nagios" || (a == "--format" && i + 1 < argc && std::string(argv[i + 1]) == "nagios"))) {
            return true;
        }
    }
    return false;
}

// The Nagios status line for a failure; the error itself still goes to stderr.
int nagios_unknown(const std::string& message) {
    std::string line = core::printable(message);  // file names and subjects come from outside
    for (char& c : line) {
        if (c == '|') {
            c = '/';  // '|' starts Nagios performance data
        }
    }
    std::cout << "CERTCTL UNKNOWN - " << line << "\n" << std::flush;
    return 3;  // the plugin guidelines' UNKNOWN
}
}  // namespace

void build_command_tree(CLI::App& app, Context& ctx) {
    app.description(k_description);
    app.name("certctl");
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
    app.add_flag("--insecure", ctx.opts.insecure,
                 "use private key files that group or others can read (refused otherwise; warns each time)");
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
    register_user_commands(app, ctx);
    register_serve_commands(app, ctx);
    register_audit_commands(app, ctx);
    register_names_commands(app, ctx);
    for (CLI::App* group : app.get_subcommands({})) {
        group->fallthrough();
        if (!group->get_subcommands({}).empty()) {
            group->require_subcommand(1);
        }
        for (CLI::App* verb : group->get_subcommands({})) {
            verb->fallthrough();
        }
    }
}

int run(int argc, char** argv) {
    CLI::App app;
    Context ctx;
    build_command_tree(app, ctx);
    const bool nagios = nagios_requested(argc, argv);
    const auto failed = [nagios](int code, const std::string& message) {
        return nagios ? nagios_unknown(message) : code;
    };
    try {
        app.parse(argc, argv);
        return ctx.exit_code;
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) {
            return app.exit(e);
        }
        ctx.out.configure(ctx.opts.json, ctx.opts.quiet, ctx.opts.verbose);
        if (passphrase_on_command_line(argc, argv)) {
            ctx.out.usage_error("a passphrase is never given on the command line (every user can read it there)",
                                "write it on the first line of a file only you can read and pass --passphrase-file FILE");
            return k_exit_usage;
        }
        ctx.out.usage_error(e.what(), "see `certctl --help` or `certctl GROUP VERB --help`");
        return failed(k_exit_usage, std::string("usage: ") + e.what());
    } catch (const core::Error& e) {
        ctx.out.error(e);
        return failed(exit_code_for(e.code()), e.what());
    } catch (const std::filesystem::filesystem_error& e) {
        // A path we could not even stat: say which, and map "permission denied" to its own exit code.
        const bool denied = e.code() == std::errc::permission_denied;
        const core::Errc code = denied ? core::Errc::permission : core::Errc::cannot_write;
        const core::Error error(code, "access", e.path1().string(), e.code().message(),
                                denied ? "check the permissions of the path and its parent directories"
                                       : "check that the path exists and the disk is not full");
        ctx.out.error(error);
        return failed(exit_code_for(code), error.what());
    } catch (const Botan::Exception& e) {
        ctx.out.internal_error(e);  // library code converts Botan errors on untrusted input; this is a bug
        return failed(k_exit_internal, std::string("internal error: ") + e.what());
    } catch (const std::exception& e) {
        ctx.out.internal_error(e);
        return failed(k_exit_internal, std::string("internal error: ") + e.what());
    }
}

}  // namespace certctl::cli
