// cli/cmd_cert_renew.cpp — certctl cert renew: re-issue from the local CA, or a CSR for the external one.
#include "cli/cmd_ca.h"
#include "cli/cmd_cert_lifecycle.h"
#include "lib/ca/renewal.h"
#include "lib/keys/key_store.h"

#include <botan/auto_rng.h>

namespace certctl::cli {

namespace {
struct RenewArgs {
    std::string name, csr_out, key_passphrase_file, profiles_file;
    bool rekey = false;
    std::optional<int> days;
    CaKeyOptions keys;
};

std::optional<std::string> passphrase_of(const std::string& file) {
    if (file.empty()) {
        return std::nullopt;
    }
    return keys::read_passphrase_file(file);
}

void renew_external(Context& ctx, const RenewArgs& a) {
    if (a.rekey) {
        throw core::Error(core::Errc::usage, "cannot renew", a.name, "--rekey with --csr-out is not supported yet",
                          "make a new key and CSR with `certctl csr create`, then `certctl cert import` the answer "
                          "under a new name");
    }
    storage::Store& store = ctx.store(storage::Store::Access::write);
    keys::KeyStore keystore(store, ctx.clock);
    const std::optional<std::string> passphrase = passphrase_of(a.key_passphrase_file);
    Botan::AutoSeeded_RNG rng;
    const ca::ExternalRenewal r = ca::request_external_renewal(
        store, ctx.clock, rng, a.name, [&](const std::string& key) { return keystore.load_private(key, passphrase); },
        a.csr_out);
    const nlohmann::json doc = {{"name", r.name}, {"key", r.key_name}, {"subject", r.subject},
                                {"sans", r.sans}, {"path", r.path},    {"requested", r.requested}};
    ctx.out.result(doc, [&](TextOut& os) {
        os << "wrote the renewal CSR of " << r.name << " to " << r.path << "; `certctl cert import " << r.name
           << " CERT` completes it\n";
    });
}

void renew_local(Context& ctx, const RenewArgs& a) {
    const ca::ProfileSet profiles = load_ca_profiles(ctx, a.profiles_file);
    storage::Store& store = ctx.store(storage::Store::Access::write);
    Botan::AutoSeeded_RNG rng;
    ca::LocalCa local(store, ctx.clock, rng, profiles);
    keys::KeyStore leaf_keys(store, ctx.clock);
    ca::RenewOptions o;
    o.name = a.name;
    o.rekey = a.rekey;
    o.days = a.days;
    o.key_passphrase = passphrase_of(a.key_passphrase_file);
    const ca::RenewResult r = local.renew(o, ca_key_access(ctx, a.keys), leaf_keys);
    const nlohmann::json doc = {{"name", r.name},
                                {"certificate_authority", r.ca},
                                {"profile", r.profile},
                                {"old_serial", r.old_serial},
                                {"new_serial", r.new_serial},
                                {"not_after", r.not_after},
                                {"fingerprint", r.fingerprint},
                                {"rekeyed", r.rekeyed}};
    ctx.out.result(doc, [&](TextOut& os) {
        os << "renewed " << r.name << " (" << r.ca << ", " << r.profile << (r.rekeyed ? ", new key" : "")
           << "): serial " << r.old_serial << " -> " << r.new_serial << ", valid until " << r.not_after << "\n";
    });
    after_change(ctx, r.name);
}
}  // namespace

void register_cert_renew_command(CLI::App& group, Context& ctx) {
    auto a = std::make_shared<RenewArgs>();
    CLI::App* cmd = group.add_subcommand("renew",
                                         "Renew a certificate: re-issue it from its local CA, or write a CSR "
                                         "for its external CA (--csr-out)");
    cmd->add_option("NAME", a->name, "the certificate")->required();
    cmd->add_flag("--rekey", a->rekey,
                  "a new key of the same algorithm, swapped in only once the new certificate is "
                  "stored (the old key is kept in keys/deleted/)");
    cmd->add_option("--days", a->days,
                    "lifetime (default: the old certificate's, within the profile's maximum, capped by the CA's)");
    cmd->add_option("--csr-out", a->csr_out,
                    "for a certificate of an external CA: write a CSR with its subject and "
                    "SANs, signed with its key; the next `cert import NAME` completes it")
        ->type_name("FILE");
    cmd->add_option("--passphrase-file", a->keys.passphrase_file, "the CA key's passphrase (first line of FILE)")
        ->type_name("FILE");
    cmd->add_option("--key-passphrase-file", a->key_passphrase_file,
                    "the certificate key's passphrase: --csr-out signs with it, --rekey encrypts the new key with it")
        ->type_name("FILE");
    add_profiles_option(cmd, a->profiles_file);
    set_help(cmd,
             "  0 renewed (or CSR written)   64 bad option; not issued by a local CA (use --csr-out); encrypted key\n"
             "  without --key-passphrase-file   65 CA expired or its key missing, key not in the store (with --rekey\n"
             "  or --csr-out), wrong passphrase   66 no such certificate   73 cannot write   75 store busy\n"
             "The old certificate stays in the history `cert show NAME` lists; every renewal is audited as\n"
             "system.renew_certificate with old and new serial.\n",
             {{"A certificate of an external CA: a CSR for it (a local CA's: `certctl cert renew NAME [--rekey]`):",
               "certctl cert renew web01 --csr-out web01-renewal.csr"}});
    on_run(cmd, ctx, [&ctx, a] { a->csr_out.empty() ? renew_local(ctx, *a) : renew_external(ctx, *a); });
}

}  // namespace certctl::cli
