// cli/cmd_ca_import.cpp — certctl ca import: adopt a CA made elsewhere (OpenSSL, EJBCA, step) with its key.
#include "cli/cmd_ca.h"

#include <botan/auto_rng.h>

namespace certctl::cli {

namespace {
struct ImportArgs {
    std::string name, cert, key, chain, profile, next_serial, crl_url, ca_issuers_url, profiles_file;
    std::int64_t crl_number = 0;
    CaKeyOptions keys;
};

void import_command(Context& ctx, const ImportArgs& a) {
    const ca::ProfileSet profiles = load_ca_profiles(ctx, a.profiles_file);
    storage::Store& store = ctx.store(storage::Store::Access::write);
    Botan::AutoSeeded_RNG rng;
    ca::LocalCa local(store, ctx.clock, rng, profiles);
    ca::AdoptOptions o;
    o.name = a.name;
    o.cert_file = a.cert;
    o.key_file = a.key;
    o.chain_file = a.chain;
    if (!a.profile.empty()) {
        o.profile = a.profile;
    }
    if (!a.next_serial.empty()) {
        o.next_serial = a.next_serial;
    }
    o.crl_number = a.crl_number;
    if (!a.keys.passphrase_file.empty()) {
        o.passphrase = keys::read_passphrase_file(a.keys.passphrase_file);
    }
    o.crl_url = a.crl_url;
    o.ca_issuers_url = a.ca_issuers_url;
    const ca::CaInfo info = local.adopt(o, ca_key_access(ctx, a.keys));
    ctx.out.result(ca_json(info), [&](TextOut& os) {
        os << "adopted CA " << info.name << " (" << info.profile << "): " << info.subject << "\n";
    });
}
}  // namespace

void register_ca_import(CLI::App& group, Context& ctx) {
    auto a = std::make_shared<ImportArgs>();
    CLI::App* cmd = group.add_subcommand("import",
                                         "Adopt an existing CA: its certificate and key, serials and CRL "
                                         "numbers continued");
    cmd->add_option("NAME", a->name, "name of the CA in the store (its key is stored under the same name)")->required();
    cmd->add_option("--cert", a->cert, "the CA certificate (PEM or DER): basicConstraints CA:TRUE, keyCertSign")
        ->required()
        ->type_name("FILE");
    cmd->add_option("--key", a->key, "the CA's private key (PKCS#8, PKCS#1 or SEC1; PEM or DER), alone in the file")
        ->required()
        ->type_name("FILE");
    cmd->add_option("--chain", a->chain, "its issuers, issuer first, root last: kept for `ca show --chain`")
        ->type_name("FILE");
    cmd->add_option("--profile", a->profile, "the CA's profile (default: root when self-signed, else sub-ca)");
    cmd->add_option("--next-serial", a->next_serial,
                    "continue the old CA's serials from this one (hex, as OpenSSL's `serial` file holds it); "
                    "default: random 126-bit serials, which never collide with the old ones")
        ->type_name("HEX");
    cmd->add_option("--crl-number", a->crl_number,
                    "the last CRL number the old CA published: certctl's CRLs continue above it (default 0)")
        ->type_name("N");
    cmd->add_option("--crl-url", a->crl_url, "URL where this CA's CRL is published: the CDP of what it issues");
    cmd->add_option("--ca-issuers-url", a->ca_issuers_url, "URL of this CA's certificate: the AIA of what it issues");
    cmd->add_option("--passphrase-file", a->keys.passphrase_file,
                    "passphrase of the key file; the stored copy is encrypted with it too")
        ->type_name("FILE");
    add_profiles_option(cmd, a->profiles_file);
    set_help(cmd,
             "  0 adopted   64 bad option, name or key name taken, bad --next-serial, not a CA profile\n"
             "  65 not a CA (CA:TRUE and keyCertSign), key does not match the certificate, key file also carries\n"
             "  a certificate, certificate file carries a key, chain does not lead from it, wrong passphrase\n"
             "  66 file not found   73 cannot write   77 key file readable by others (chmod 600)\n",
             {{"Adopt an OpenSSL root, continuing its serials and CRL numbers (an intermediate: add --chain FILE):",
               "certctl ca import old-root --cert ca.pem --key ca.key --next-serial 1000 --crl-number 4"}});
    on_run(cmd, ctx, [&ctx, a] { import_command(ctx, *a); });
}

}  // namespace certctl::cli
