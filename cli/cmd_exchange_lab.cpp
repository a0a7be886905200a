// cli/cmd_exchange_lab.cpp — the cloud's side for labs (exchange authorize, sync-response) over the local CA.
#include "cli/cmd_ca.h"
#include "cli/cmd_exchange.h"

#include "lib/audit/audit_log.h"
#include "lib/ca/cert_issuer.h"
#include "lib/ca/local_ca.h"
#include "lib/core/atomic_file.h"
#include "lib/core/error.h"
#include "lib/exchange/exchange_file.h"
#include "lib/exchange/lab_cloud.h"
#include "lib/exchange/store_inputs.h"
#include "lib/keys/key_store.h"

#include "lib/core/rfc3339.h"

#include <botan/auto_rng.h>
#include <botan/data_src.h>
#include <botan/pkix_types.h>
#include <iostream>

namespace certctl::cli {

namespace {
ca::KeyAccess key_access(keys::KeyStore& ks) {
    ca::KeyAccess k;
    k.exists = [&ks](const std::string& name) { return ks.find(name).has_value(); };
    k.generate = [&ks](const std::string& name) { ks.generate(name, keys::KeySpec::default_spec(), std::nullopt); };
    k.load = [&ks](const std::string& name) { return ks.load_private(name, std::nullopt); };
    k.remove = [&ks](const std::string& name) { ks.remove(name); };
    return k;
}

// exchange::CaAccess over the store's local CAs: CAs made and certificates issued by ca::LocalCa (audited,
// recorded, in the inventory); a renewal without CSR is signed by ca::CertificateIssuer and audited here.
class StoreCas final : public exchange::CaAccess {
public:
    StoreCas(storage::Store& store, const core::Clock& clock, Botan::RandomNumberGenerator& rng,
             const ca::ProfileSet& profiles)
        : m_store(store), m_clock(clock), m_rng(rng), m_profiles(profiles), m_keys(store, clock, rng),
          m_access(key_access(m_keys)), m_cas(store, clock, rng, profiles) {}

    bool exists(const std::string& ca) override { return m_cas.find(ca).has_value(); }
    Botan::X509_Certificate certificate(const std::string& ca) override { return Botan::X509_Certificate(m_cas.get(ca).der); }
    std::string profile_of(const std::string& ca) override { return m_cas.get(ca).profile; }
    void create(const std::string& name, const std::string& profile, const std::string& issuer,
                const std::string& cn) override {
        ca::InitOptions o;
        o.name = name;
        o.profile = profile;
        o.subject.add_attribute("X520.CommonName", cn);
        o.issuer = issuer;
        m_cas.init(o, m_access);
    }
    Botan::X509_Certificate issue_csr(const std::string& ca, const std::string& profile, const std::string& csr_pem,
                                      const std::string& name) override {
        ca::IssueOptions o;
        o.ca = ca;
        o.profile = profile;
        const auto items = m_cas.issue(o, {ca::CsrInput{name, name, csr_pem}}, m_access);
        Botan::DataSource_Memory src(items.at(0).pem);
        return Botan::X509_Certificate(src);
    }
    Botan::X509_Certificate issue_key(const std::string& ca, const std::string& profile,
                                      const Botan::X509_Certificate& like, const std::string& name) override {
        const ca::CaInfo info = m_cas.get(ca);
        const std::unique_ptr<Botan::Private_Key> key = m_access.load(info.key_name);
        ca::CertificateIssuer issuer(Botan::X509_Certificate(info.der), *key, ca::CaSettings{info.crl_url, info.ca_issuers_url}, m_rng);
        const ca::Profile& p = m_profiles.get(profile);
        const core::TimePoint now = m_clock.now();
        const ca::IssuedCertificate c =
            issuer.issue(p, ca::SubjectRequest::from_key(*like.load_subject_public_key(), like.subject_dn()), now,
                         issuer.check(p, now, std::nullopt));
        m_store.db().transaction([&] {
            audit::AuditLog(m_store.db(), m_clock)
                .record("system.issue_certificate", name,
                        {{"ca", ca}, {"profile", profile}, {"serial", c.serial}, {"subject", c.subject},
                         {"not_after", core::format_rfc3339(c.not_after)}, {"fingerprint", c.fingerprint},
                         {"source", "exchange sync-response (renewal for the same key)"}},
                        true);
        });
        return Botan::X509_Certificate(c.der);
    }
    std::unique_ptr<Botan::Private_Key> key(const std::string& name) override {
        if (!m_keys.find(name)) {
            m_keys.generate(name, keys::KeySpec::default_spec(), std::nullopt);
        }
        return m_keys.load_private(name, std::nullopt);
    }
    std::optional<Botan::X509_Certificate> issued(const std::string& name) override {
        try {
            return exchange::inventory_certificate(m_store.db(), name);
        } catch (const core::Error& e) {
            if (e.code() == core::Errc::not_found) {
                return std::nullopt;
            }
            throw;
        }
    }

private:
    storage::Store& m_store;
    const core::Clock& m_clock;
    Botan::RandomNumberGenerator& m_rng;
    const ca::ProfileSet& m_profiles;
    keys::KeyStore m_keys;
    ca::KeyAccess m_access;
    ca::LocalCa m_cas;
};

void emit(Context& ctx, const std::string& out, const std::string& text, const std::string& what) {
    if (out.empty()) {
        std::cout << text;
        std::cout.flush();
        return;
    }
    core::write_file_atomic(out, text, 0644);
    ctx.out.info("wrote " + what + " to " + out);
}

struct AnswerOptions {
    std::string request;
    std::string ca;
    std::string out;
    std::string sync_type = "PARTIAL";
    exchange::AuthorizeOptions names;
};

void answer_command(Context& ctx, const AnswerOptions& o, bool authorization) {
    const exchange::ExchangeFile request = exchange::ExchangeFile::read(o.request);
    storage::Store& store = ctx.store(storage::Store::Access::write);
    const ca::ProfileSet profiles = load_ca_profiles(ctx, "");
    Botan::AutoSeeded_RNG rng;
    StoreCas cas(store, ctx.clock, rng, profiles);
    const std::string text = authorization
                                 ? exchange::authorize(request, cas, o.ca, ctx.clock, rng, o.names)
                                 : exchange::answer_sync(request, cas, o.ca, ctx.clock, rng, o.sync_type, o.names);
    emit(ctx, o.out, text, authorization ? "authorization" : "sync response");
}

}  // namespace

void register_exchange_lab_commands(CLI::App& group, Context& ctx) {
    auto ao = std::make_shared<AnswerOptions>();
    CLI::App* auth = group.add_subcommand(
        "authorize", "For labs and tests: answer a registration as the cloud, with local CA CA as the licensing root: "
                     "the eight certificates in their roles, signed");
    auth->add_option("REQUEST", ao->request, "registration request")->required();
    auth->add_option("--ca", ao->ca, "local CA of profile root that plays the licensing root")->required();
    auth->add_option("--satellite-name", ao->names.satellite_name, "the :satellite_name: to write")->capture_default_str();
    auth->add_option("--out", ao->out, "write here (atomically) instead of stdout")->type_name("FILE");
    set_help(auth,
             "  0 written   64 usage (CA not a root)   65 the request does not verify   66 no such file or CA\n"
             "  73 cannot write\n",
             {{"Make the lab licensing root (once):", "certctl ca init licensing-root --profile root --cn \"Lab Licensing Root\""},
              {"Answer the registration:", "certctl exchange authorize lab-registration.yml --ca licensing-root --out lab-auth.yml"}});
    on_run(auth, ctx, [&ctx, ao] { answer_command(ctx, *ao, true); });

    auto so = std::make_shared<AnswerOptions>();
    CLI::App* sync = group.add_subcommand(
        "sync-response", "For labs and tests: answer a sync request as the cloud of `exchange authorize`: id_cert "
                         "renewed for the same key, signed, with root_cert_hash");
    sync->add_option("REQUEST", so->request, "sync request")->required();
    sync->add_option("--ca", so->ca, "the root CA given to `exchange authorize`")->required();
    sync->add_option("--sync-type", so->sync_type, "PARTIAL or FULL")->capture_default_str()
        ->check(CLI::IsMember({"PARTIAL", "FULL"}));
    sync->add_option("--satellite-name", so->names.satellite_name, "the :satellite_name: to write")->capture_default_str();
    sync->add_option("--out", so->out, "write here (atomically) instead of stdout")->type_name("FILE");
    set_help(sync,
             "  0 written   64 usage   65 the request does not verify   66 no such file or CA (authorize first)\n"
             "  73 cannot write\n",
             {{"Answer the monthly sync request:",
               "certctl exchange sync-response lab-sync-request.yml --ca licensing-root --out lab-sync.yml"}});
    on_run(sync, ctx, [&ctx, so] { answer_command(ctx, *so, false); });
}

}  // namespace certctl::cli
