// cli/app.cpp — the CLI11 tree, global options, and the only catch in the program.
#include "cli/app.h"

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "lib/core/printable.h"

#include <algorithm>
#include <botan/exceptn.h>
#include <filesystem>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

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

namespace {
// A top-level command as --help lists it: the name and description its register function gives it.
struct Listed {
    const char* name;
    const char* description;
    bool hidden;  // group("") in its register function: no --help entry, no man page
};

// The register functions in --help order, each with the top-level commands it adds. A call that names
// none of a function's commands lists them from here instead of building their options: every option,
// help text and validator costs allocations at start-up, and a call runs one command.
// certctl-docgen fails the build when these names or descriptions differ from what the functions add.
struct Group {
    void (*add)(CLI::App&, Context&);
    std::vector<Listed> commands;
};

const std::vector<Group>& groups() {
    static const std::vector<Group> all = {
        {register_store_commands,
         {{"init", "Create the store (idempotent) and print where it is", false},
          {"status", "Counts of keys, CSRs, certificates, CRL sources and alarms", false},
          {"config", "Show the effective configuration", false}}},
        {register_key_commands, {{"key", "Private keys: generate, import, list, show, export-public, delete", false}}},
        {register_csr_commands, {{"csr", "Certificate signing requests (PKCS#10): create, list, show, export", false}}},
        {register_cert_commands, {{"cert", "Certificates: import, track, inspect, export, verify, remove", false}}},
        {register_trust_commands, {{"trust", "Trust bundles: the CA certificates chains are checked against", false}}},
        {register_ca_commands, {{"ca", "Local CA: profiles, CAs, issuance, revocation, CRLs", false}}},
        {register_crl_commands,
         {{"crl", "CRL sources, refresh, and the master list of revoked certificates", false}}},
        {register_exchange_commands,
         {{"exchange", "Signed exchange files of a licensing On-Prem and its cloud", false}}},
        {register_check_commands,
         {{"check", "Evaluate certificates (inventory, files, directories); exit with the worst severity", false}}},
        {register_alarm_commands, {{"alarm", "Alarms raised for certificates, CRL sources and syncs", false}}},
        {register_policy_commands,
         {{"policy", "What happens when a certificate turns critical: fail-soft or fail-hard", false}}},
        {register_watch_commands,
         {{"watch", "The service: CRL refresh, re-evaluation, alarms and policies on schedule", false}}},
        {register_user_commands, {{"user", "REST API users: add, list, remove, passwd, revoke-tokens", false}}},
        {register_serve_commands,
         {{"serve",
           "REST API over HTTPS on the same store: login, keys, CSRs, certificate ingestion, reading, metrics",
           false}}},
        {register_audit_commands,
         {{"audit", "Audit events recorded by certctl", false},
          {"stats", "Statistics counters (CSR, import, CRL, certificate states)", false}}},
        {register_names_commands, {{"__names", "stored names for shell completion", true}}},
    };
    return all;
}

// Global options, then each group: built whole when `wanted` says so, otherwise listed by name only.
void build_tree(CLI::App& app, Context& ctx, const std::function<bool(const std::string&)>& wanted) {
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
    for (const Group& group : groups()) {
        bool build = false;
        for (const Listed& command : group.commands) {
            build = build || wanted(command.name);
        }
        if (build) {
            group.add(app, ctx);
            continue;
        }
        for (const Listed& command : group.commands) {
            CLI::App* listed = app.add_subcommand(command.name, command.description);
            if (command.hidden) {
                listed->group("");
            }
        }
    }
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
}  // namespace

void build_command_tree(CLI::App& app, Context& ctx) {
    build_tree(app, ctx, [](const std::string&) { return true; });
}

// Any word of the command line that is a command's name builds that command's group: an option's value
// that happens to be one (`--store key`) only builds a group too many, never one too few.
void build_command_tree_for(CLI::App& app, Context& ctx, const std::vector<std::string>& words) {
    build_tree(app, ctx, [&words](const std::string& name) {
        return std::find(words.begin(), words.end(), name) != words.end();
    });
}

int run(int argc, char** argv) {
    CLI::App app;
    Context ctx;
    build_command_tree_for(app, ctx, std::vector<std::string>(argv + 1, argv + argc));
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
            ctx.out.usage_error(
                "a passphrase is never given on the command line (every user can read it there)",
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
