// cli/cmd_ca_issue.cpp — certctl ca issue: one CA, one profile, one or many CSRs in one process.
#include "cli/cmd_ca.h"
#include "cli/locked_pool.h"

#include <botan/auto_rng.h>
#include <iostream>

namespace certctl::cli {

namespace {
struct IssueArgs {
    std::string ca, profile, out, out_dir, name, profiles_file;
    std::vector<std::string> csr_files, csr_names;
    std::optional<int> days;
    CaKeyOptions keys;
};

void issue_command(Context& ctx, const IssueArgs& a) {
    if (!a.name.empty() && a.csr_files.size() + a.csr_names.size() != 1) {
        throw core::Error(core::Errc::usage, "invalid --name", a.name, "--name is for a single CSR",
                          "with several CSRs each is named after its file or stored name");
    }
    if (a.csr_files.size() + a.csr_names.size() > 1) {
        // Bulk issuance signs on several threads, and every big-number temporary of Botan's EC and RSA code
        // is secure memory: the pool's one mutex cost a fifth of the run.
        skip_locked_pool();
    }
    const ca::ProfileSet profiles = load_ca_profiles(ctx, a.profiles_file);
    storage::Store& store = ctx.store(storage::Store::Access::write);
    Botan::AutoSeeded_RNG rng;
    ca::LocalCa local(store, ctx.clock, rng, profiles);
    std::vector<ca::CsrInput> csrs;
    csrs.reserve(a.csr_files.size() + a.csr_names.size());
    for (const std::string& file : a.csr_files) {
        // A CSR is named after its file: web01.csr -> web01.
        csrs.push_back({std::filesystem::path(file).stem().string(), file, "", file});  // read by the worker
    }
    for (const std::string& name : a.csr_names) {
        csrs.push_back({name, name, local.stored_csr(name), {}});
    }
    if (!a.name.empty()) {
        csrs.front().name = a.name;
    }
    ca::IssueOptions o;
    o.ca = a.ca;
    o.profile = a.profile;
    o.days = a.days;
    if (!a.out_dir.empty()) {
        o.output = ca::IssueOptions::Output::dir;
        o.out = a.out_dir;
    } else if (!a.out.empty()) {
        o.output = ca::IssueOptions::Output::file;
        o.out = a.out;
    }
    const std::vector<ca::IssuedItem> items = local.issue(o, csrs, ca_key_access(ctx, a.keys));
    if (ctx.out.json()) {
        nlohmann::json list = nlohmann::json::array();
        for (const ca::IssuedItem& i : items) {
            list.push_back({{"name", i.name}, {"serial", i.serial}, {"subject", i.subject}, {"not_after", i.not_after},
                            {"fingerprint", i.fingerprint},
                            {"path", i.path.empty() ? nlohmann::json(nullptr) : nlohmann::json(i.path)},
                            {"pem", i.pem}});
        }
        ctx.out.result(nlohmann::json{{"certificate_authority", a.ca}, {"profile", a.profile}, {"issued", list}},
                       [](TextOut&) {});
    } else if (o.output == ca::IssueOptions::Output::none) {
        ctx.out.raw(items.front().pem);
    }
}
}  // namespace

void register_ca_issue(CLI::App& group, Context& ctx) {
    auto a = std::make_shared<IssueArgs>();
    CLI::App* cmd = group.add_subcommand("issue", "Issue certificates from CSRs: extensions from the profile only");
    cmd->add_option("CA", a->ca, "the issuing local CA")->required();
    cmd->add_option("--profile", a->profile, "what the certificates are for (see `certctl ca profiles`)")->required();
    cmd->add_option("--csr", a->csr_files, "a CSR file, PEM or DER (repeatable; each named after its file)")
        ->type_name("FILE")
        ->allow_extra_args(false);
    cmd->add_option("--csr-name", a->csr_names, "a CSR stored by `certctl csr create` (repeatable)")
        ->type_name("NAME")
        ->allow_extra_args(false);
    cmd->add_option("--name", a->name, "inventory name of the certificate (one CSR only; default: the CSR's name)");
    cmd->add_option("--days", a->days, "lifetime in days (default: the profile's; never beyond the CA's)");
    auto* out = cmd->add_option("--out", a->out, "write the certificate here (one CSR)")->type_name("FILE");
    auto* out_dir = cmd->add_option("--out-dir", a->out_dir,
                                    "write each certificate to DIR/NAME.pem (a new DIR appears whole, all or nothing; "
                                    "SIGINT/SIGTERM remove the temporaries DIR.tmp.<pid>.<n>)")
                        ->type_name("DIR");
    out->excludes(out_dir);
    add_passphrase_option(cmd, a->keys.passphrase_file);
    add_profiles_option(cmd, a->profiles_file);
    set_help(cmd,
             "  0 issued (PEM on stdout without --out/--out-dir)   64 bad option, unknown profile, --days out of\n"
             "  range, name taken   65 bad CSR signature, key type not allowed, CA expired or past its notAfter,\n"
             "  path length, wrong or missing passphrase   66 no such CA, CSR or file   73 cannot write\n",
             {{"A TLS server certificate from the CSR web01.csr in the current directory:",
               "certctl ca issue lab-root --profile tls-server --csr web01.csr --name web01-lab --out web01-lab.pem"},
              {"Client certificates for many CSRs at once, into a directory:",
               "certctl ca issue lab-sub --profile tls-client --csr web01.csr --name web01-client --out-dir issued"}});
    on_run(cmd, ctx, [&ctx, a] { issue_command(ctx, *a); });
}

}  // namespace certctl::cli
