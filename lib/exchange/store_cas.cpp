// lib/exchange/store_cas.cpp — the lab cloud's CA access over ca::LocalCa and the key store.
#include "lib/exchange/store_cas.h"

#include "lib/audit/audit_log.h"
#include "lib/ca/cert_issuer.h"
#include "lib/core/error.h"
#include "lib/core/rfc3339.h"
#include "lib/exchange/store_inputs.h"

#include <botan/data_src.h>
#include <botan/pkix_types.h>

namespace certctl::exchange {

StoreCas::StoreCas(storage::Store& store, const core::Clock& clock, Botan::RandomNumberGenerator& rng,
                   const ca::ProfileSet& profiles)
    : m_store(store), m_clock(clock), m_rng(rng), m_profiles(profiles), m_keys(store, clock, rng),
      m_access(ca::unencrypted_key_access(m_keys)), m_cas(store, clock, rng, profiles) {}

bool StoreCas::exists(const std::string& ca) { return m_cas.find(ca).has_value(); }

Botan::X509_Certificate StoreCas::certificate(const std::string& ca) {
    return Botan::X509_Certificate(m_cas.get(ca).der);
}

std::string StoreCas::profile_of(const std::string& ca) { return m_cas.get(ca).profile; }

void StoreCas::create(const std::string& name, const std::string& profile, const std::string& issuer,
                      const std::string& cn) {
    ca::InitOptions o;
    o.name = name;
    o.profile = profile;
    o.subject.add_attribute("X520.CommonName", cn);
    o.issuer = issuer;
    m_cas.init(o, m_access);
}

std::vector<Botan::X509_Certificate> StoreCas::issue_csrs(const std::vector<CsrToIssue>& requests,
                                                          const BeforeCommit& before_commit) {
    std::vector<ca::LocalCa::IssueRequest> batches;
    for (const CsrToIssue& r : requests) {
        ca::LocalCa::IssueRequest b;
        b.options.ca = r.ca;
        b.options.profile = r.profile;
        b.csrs.push_back(ca::CsrInput{r.name, r.name, r.csr_pem, {}});
        batches.push_back(std::move(b));
    }
    std::vector<Botan::X509_Certificate> out;
    m_cas.issue_together(batches, m_access, [&](const std::vector<std::vector<ca::IssuedItem>>& issued) {
        for (const auto& items : issued) {
            Botan::DataSource_Memory src(items.at(0).pem);
            out.emplace_back(src);
        }
        if (before_commit) {
            before_commit(out);
        }
    });
    return out;
}

Botan::X509_Certificate StoreCas::issue_key(const std::string& ca, const std::string& profile,
                                            const Botan::X509_Certificate& like, const std::string& name) {
    const ca::CaInfo info = m_cas.get(ca);
    const std::unique_ptr<Botan::Private_Key> key = m_access.load(info.key_name);
    ca::CertificateIssuer issuer(Botan::X509_Certificate(info.der), *key,
                                 ca::CaSettings{info.crl_url, info.ca_issuers_url, {}}, m_rng);
    const ca::Profile& p = m_profiles.get(profile);
    const core::TimePoint now = m_clock.now();
    const ca::IssuedCertificate c =
        issuer.issue(p, ca::SubjectRequest::from_key(*like.load_subject_public_key(), like.subject_dn()), now,
                     issuer.check(p, now, std::nullopt));
    m_store.db().transaction([&] {
        audit::AuditLog(m_store.db(), m_clock)
            .record("system.issue_certificate", name,
                    {{"certificate_authority", ca},
                     {"profile", profile},
                     {"serial", c.serial},
                     {"subject", c.subject},
                     {"not_after", core::format_rfc3339(c.not_after)},
                     {"fingerprint", c.fingerprint},
                     {"source", "exchange sync-response: id_cert renewed for the same key"}},
                    true);
    });
    return Botan::X509_Certificate(c.der);
}

std::unique_ptr<Botan::Private_Key> StoreCas::key(const std::string& name) {
    if (!m_keys.find(name)) {
        m_keys.generate(name, keys::KeySpec::default_spec(), std::nullopt);
    }
    return m_keys.load_private(name, std::nullopt);
}

std::optional<Botan::X509_Certificate> StoreCas::issued(const std::string& name) {
    try {
        return inventory_certificate(m_store.db(), name);
    } catch (const core::Error& e) {
        if (e.code() == core::Errc::not_found) {
            return std::nullopt;
        }
        throw;
    }
}

}  // namespace certctl::exchange
