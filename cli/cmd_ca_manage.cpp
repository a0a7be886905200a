// cli/cmd_ca_manage.cpp — certctl ca init, ca list, ca show.
#include "cli/cmd_ca.h"
#include "cli/locked_pool.h"

#include "lib/certs/cert_summary.h"

#include <botan/auto_rng.h>
#include <botan/x509_ext.h>
#include <botan/x509cert.h>

namespace certctl::cli {

void add_passphrase_option(CLI::App* cmd, std::string& file) {
    cmd->add_option("--passphrase-file", file, "the CA key's passphrase (first line of FILE)")->type_name("FILE");
}

namespace {
struct InitArgs {
    std::string name, profile, cn, country, state, locality, org, org_unit, issuer, key, crl_url, ca_issuers_url;
    std::string profiles_file;
    std::optional<int> days;
    CaKeyOptions keys;
};

}  // namespace

nlohmann::json ca_json(const ca::CaInfo& c) {
    const Botan::X509_Certificate cert(c.der);
    return {{"name", c.name},
            {"profile", c.profile},
            {"subject", c.subject},
            {"issuer", c.issuer ? nlohmann::json(*c.issuer) : nlohmann::json(nullptr)},
            {"key", c.key_name},
            {"serial", c.serial},
            {"not_before", c.not_before},
            {"not_after", c.not_after},
            {"path_len", cert.path_limit() == Botan::Cert_Extension::NO_CERT_PATH_LIMIT
                             ? nlohmann::json(nullptr)
                             : nlohmann::json(cert.path_limit())},
            {"crl_url", c.crl_url.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.crl_url)},
            {"ca_issuers_url", c.ca_issuers_url.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.ca_issuers_url)},
            {"crl_number", c.crl_number},
            {"issued", c.issued},
            {"revoked", c.revoked},
            {"fingerprint", certs::fingerprint_sha256(c.der)},
            {"created", c.created},
            {"imported", c.imported.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.imported)},
            {"next_serial", c.next_serial.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.next_serial)}};
}

namespace {

Botan::X509_DN subject_of(const InitArgs& a) {
    Botan::X509_DN dn;
    const std::pair<const char*, const std::string*> parts[] = {
        {"X520.Country", &a.country},      {"X520.State", &a.state},
        {"X520.Locality", &a.locality},    {"X520.Organization", &a.org},
        {"X520.OrganizationalUnit", &a.org_unit}, {"X520.CommonName", &a.cn}};
    for (const auto& [attr, value] : parts) {
        if (!value->empty()) {
            dn.add_attribute(attr, *value);
        }
    }
    return dn;
}

void init_command(Context& ctx, InitArgs a) {
    if (!a.country.empty() && a.country.size() != 2) {
        throw core::Error(core::Errc::usage, "invalid --country", a.country, "a country is two letters (ISO 3166)");
    }
    const ca::ProfileSet profiles = load_ca_profiles(ctx, a.profiles_file);
    storage::Store& store = ctx.store(storage::Store::Access::write);
    Botan::AutoSeeded_RNG rng;
    ca::LocalCa local(store, ctx.clock, rng, profiles);
    ca::InitOptions o;
    o.name = a.name;
    o.profile = a.profile;
    o.subject = subject_of(a);
    if (!a.issuer.empty()) {
        o.issuer = a.issuer;
        if (const auto parent = local.find(a.issuer)) {
            a.keys.issuer_key_name = parent->key_name;
        }
    }
    if (!a.key.empty()) {
        o.key = a.key;
    }
    o.crl_url = a.crl_url;
    o.ca_issuers_url = a.ca_issuers_url;
    o.days = a.days;
    const ca::CaInfo info = local.init(o, ca_key_access(ctx, a.keys));
    if (ctx.out.json()) {
        ctx.out.result(ca_json(info), [](TextOut&) {});
    }
}

void list_command(Context& ctx) {
    storage::Store& store = ctx.store(storage::Store::Access::read);
    Botan::AutoSeeded_RNG rng;
    const ca::ProfileSet profiles;
    ca::LocalCa local(store, ctx.clock, rng, profiles);
    nlohmann::json list = nlohmann::json::array();
    std::vector<std::vector<std::string>> rows;
    for (const ca::CaInfo& c : local.list()) {
        list.push_back(ca_json(c));
        rows.push_back({c.name, c.profile, c.issuer.value_or("-"), c.not_after, std::to_string(c.issued),
                        std::to_string(c.revoked), c.subject});
    }
    ctx.out.table(nlohmann::json{{"cas", list}},
                  {"NAME", "PROFILE", "ISSUER", "NOT AFTER", "ISSUED", "REVOKED", "SUBJECT"}, rows);
}

void show_command(Context& ctx, const std::string& name, bool pem, bool chain) {
    storage::Store& store = ctx.store(storage::Store::Access::read);
    Botan::AutoSeeded_RNG rng;
    const ca::ProfileSet profiles;
    ca::LocalCa local(store, ctx.clock, rng, profiles);
    ca::CaInfo c = local.get(name);
    local.count_issued(c);
    if (pem || chain) {
        std::string text;
        for (const Botan::X509_Certificate& cert : chain ? local.chain(name) : std::vector<Botan::X509_Certificate>{
                                                                                   Botan::X509_Certificate(c.der)}) {
            text += cert.PEM_encode();
        }
        nlohmann::json doc = ca_json(c);
        doc["pem"] = text;
        ctx.out.result(doc, [&](TextOut& os) { os.lines(text); });
        return;
    }
    const nlohmann::json doc = ca_json(c);
    std::vector<std::pair<std::string, std::string>> rows;
    for (const char* k :
         {"name", "profile", "subject", "issuer", "key", "serial", "not_before", "not_after", "path_len", "crl_url",
          "ca_issuers_url", "crl_number", "issued", "revoked", "fingerprint", "created", "imported", "next_serial"}) {
        const auto& v = doc.at(k);
        rows.emplace_back(k, v.is_null() ? "-" : v.is_string() ? v.get<std::string>() : v.dump());
    }
    ctx.out.fields(doc, rows);
}
}  // namespace

void register_ca_manage(CLI::App& group, Context& ctx) {
    auto a = std::make_shared<InitArgs>();
    CLI::App* init =
        group.add_subcommand("init", "Create a CA: a self-signed root, or an intermediate issued by a local CA");
    init->add_option("NAME", a->name, "name of the new CA")->required();
    init->add_option("--profile", a->profile, "a CA profile (root, sub-ca, satellite, ...)")->required();
    init->add_option("--cn", a->cn, "subject common name")->required();
    init->add_option("--country", a->country, "subject country (two letters)");
    init->add_option("--state", a->state, "subject state or province");
    init->add_option("--locality", a->locality, "subject locality");
    init->add_option("--org", a->org, "subject organization");
    init->add_option("--org-unit", a->org_unit, "subject organizational unit");
    init->add_option("--issuer", a->issuer, "the local CA that issues this one (not for a root)");
    init->add_option("--key", a->key, "use this existing key from the store (default: generate a key called NAME)");
    init->add_option("--algorithm", a->keys.algorithm, "algorithm of the generated key: ec:secp256r1 (default), "
                                                         "ec:secp384r1, ec:secp521r1, rsa:2048..4096");
    init->add_option("--days", a->days, "lifetime (default: the profile's, capped by the issuer's)");
    init->add_option("--crl-url", a->crl_url, "URL where this CA's CRL is published: the CRL distribution point of "
                                                "what it issues");
    init->add_option("--ca-issuers-url", a->ca_issuers_url, "URL of this CA's certificate: the AIA of what it issues");
    add_passphrase_option(init, a->keys.passphrase_file);
    init->add_option("--issuer-passphrase-file", a->keys.issuer_passphrase_file,
                     "the issuer key's passphrase (default: --passphrase-file)")->type_name("FILE");
    add_profiles_option(init, a->profiles_file);
    set_help(init,
             "  0 created   64 bad option, name taken, wrong profile, bad --days   65 path length, CA expired,\n"
             "  key type, wrong or missing passphrase   66 no such issuer or key   73 cannot write\n",
             {{"A root for a lab, publishing its CRL on a local web server:",
               "certctl ca init lab-root --profile root --cn \"certctl lab root\" --org \"certctl lab\" "
               "--crl-url http://127.0.0.1:8080/lab-root.crl"},
              {"A sub-CA under it with an RSA key:",
               "certctl ca init lab-sub --profile sub-ca --issuer lab-root --cn \"certctl lab sub-CA\" --algorithm "
               "rsa:2048"}});
    on_run(init, ctx, [&ctx, a] { init_command(ctx, *a); });

    CLI::App* list = group.add_subcommand("list", "List the local CAs");
    skip_locked_pool_for(*list);  // reads certificates only: nothing signs or loads a private key
    set_help(list, "  0 ok   66 no store yet\n",
             {{"All CAs with what they issued:", "certctl ca list"}, {"As JSON:", "certctl ca list --json"}});
    on_run(list, ctx, [&ctx] { list_command(ctx); });

    auto show_name = std::make_shared<std::string>();
    auto pem = std::make_shared<bool>(false);
    auto chain = std::make_shared<bool>(false);
    CLI::App* show = group.add_subcommand("show", "Show one CA, or its certificate (--pem) or chain (--chain)");
    skip_locked_pool_for(*show);
    show->add_option("NAME", *show_name, "the CA")->required();
    show->add_flag("--pem", *pem, "print the CA certificate as PEM");
    show->add_flag("--chain", *chain, "print the CA certificate and its issuers up to the root as PEM");
    set_help(show, "  0 ok   66 no such CA\n",
             {{"Details of the root:", "certctl ca show lab-root"},
              {"The sub-CA's chain, for a trust file:", "certctl ca show lab-sub --chain"}});
    on_run(show, ctx, [&ctx, show_name, pem, chain] { show_command(ctx, *show_name, *pem, *chain); });
}

}  // namespace certctl::cli
