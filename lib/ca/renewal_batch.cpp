// lib/ca/renewal_batch.cpp — many renewals with the same key in one go (`watch`): per CA and profile one key load,
// parallel signing and one transaction, as `ca issue` does for a batch of CSRs.
#include "lib/audit/audit_log.h"
#include "lib/ca/local_ca.h"
#include "lib/ca/local_ca_rows.h"
#include "lib/core/error.h"
#include "lib/core/progress.h"
#include "lib/core/rfc3339.h"

#include <SQLiteCpp/Statement.h>
#include <atomic>
#include <map>

namespace certctl::ca {

namespace {
constexpr const char* k_renew_event = "system.renew_certificate";
}  // namespace

// One renew_many() call: the certificates grouped by issuing CA and profile, the results so far and the
// failures still to audit (together, in one transaction, as the renewals are).
class LocalCa::RenewalBatch {
public:
    // The inventory rows one CA renews with one profile.
    using Due = std::vector<certs::CertRecord>;
    // (ca, profile) -> the certificates it renews.
    using Groups = std::map<std::pair<std::string, std::string>, Due>;

    RenewalBatch(LocalCa& ca, const KeyAccess& ca_keys, keys::KeyStore& leaf_keys, std::size_t total)
        : m_ca(ca), m_ca_keys(ca_keys), m_leaf_keys(leaf_keys), m_total(total) {}

    // Which CA issued each certificate, with which profile; a name no local CA issued fails alone.
    Groups group(const std::vector<std::string>& names) {
        Groups groups;
        for (const std::string& name : names) {
            try {
                certs::CertRecord record = detail::renewable_record(m_ca.m_store.db(), name);
                detail::IssuedBy by = detail::issued_by(m_ca.m_store.db(), record);
                groups[{std::move(by.ca), std::move(by.profile)}].push_back(std::move(record));
            } catch (const core::Error& e) {
                fail(name, {{"name", name}, {"rekey", false}}, e.what());
            }
        }
        return groups;
    }

    // Signs and stores one group. What holds for the whole group (the CA, its key, the profile, the CA's
    // validity) fails it whole; a certificate that cannot be signed sends the group to renew() one by one.
    void renew_group(const std::string& ca_name, const std::string& profile_name, const Due& due) {
        std::optional<CaInfo> ca;
        std::unique_ptr<Botan::Private_Key> ca_key;
        const Profile* p = nullptr;
        const core::TimePoint now = m_ca.m_clock.now();
        try {
            ca = m_ca.get(ca_name);
            p = &m_ca.m_profiles.get(profile_name);
            ca_key = detail::load_ca_key(m_ca_keys, *ca);
            CertificateIssuer(Botan::X509_Certificate(ca->der), *ca_key,
                              CaSettings{ca->crl_url, ca->ca_issuers_url, {}}, m_ca.m_rng)
                .check(*p, now, std::nullopt);
        } catch (const std::exception& e) {
            fail_group(ca_name, due, e.what());
            return;
        }
        std::vector<IssuedCertificate> certs;
        try {
            certs = sign(*ca, *ca_key, *p, due, now);
        } catch (const std::exception&) {
            renew_one_by_one(due);
            return;
        }
        try {
            store(*ca, *p, due, certs, now);
        } catch (const std::exception& e) {
            fail_group(ca_name, due, e.what());
            return;
        }
        for (std::size_t i = 0; i < due.size(); ++i) {
            m_out.renewed.push_back(detail::renewal_result(due[i], ca->name, p->name, certs[i], false));
        }
    }

    // The results, once the failures are audited. The refusals are news for the audit trail, but must never
    // hide the errors themselves.
    BatchRenewal finish() {
        if (!m_audit_failures.empty()) {
            try {
                audit::AuditLog log(m_ca.m_store.db(), m_ca.m_clock);
                m_ca.m_store.db().transaction([&] {
                    for (const auto& [what, error] : m_audit_failures) {
                        log.record(k_renew_event, what.value("name", ""), what, false, error);
                    }
                });
            } catch (const std::exception&) {
            }
        }
        return std::move(m_out);
    }

private:
    void fail(const std::string& name, const nlohmann::json& detail, const std::string& error) {
        m_out.failed.push_back({name, error});
        m_audit_failures.emplace_back(detail, error);
    }

    void fail_group(const std::string& ca_name, const Due& due, const std::string& error) {
        for (const certs::CertRecord& record : due) {
            fail(record.name,
                 {{"certificate_authority", ca_name},
                  {"rekey", false},
                  {"name", record.name},
                  {"old_serial", record.serial}},
                 error);
        }
    }

    // Each worker reads its old certificate (subject, key, SANs, lifetime) and signs the new one.
    std::vector<IssuedCertificate> sign(const CaInfo& ca, const Botan::Private_Key& ca_key, const Profile& p,
                                        const Due& due, core::TimePoint now) {
        std::vector<IssuedCertificate> certs(due.size());
        CertificateIssuer issuer(Botan::X509_Certificate(ca.der), ca_key, m_ca.issuing_settings(ca, due.size()),
                                 m_ca.m_rng);
        issuer.check(p, now, std::nullopt);
        issuer.issue_each(
            p, due.size(), now,
            [&](std::size_t i) {
                const Botan::X509_Certificate old(due[i].der);
                const std::unique_ptr<Botan::Public_Key> old_key(old.subject_public_key());
                CertificateIssuer::Job job{SubjectRequest::from_key(*old_key, old.subject_dn()),
                                           detail::renewal_not_after(issuer, p, old, now)};
                job.subject.san_value = detail::san_value(old);
                return job;
            },
            [&](std::size_t i, IssuedCertificate&& cert) {
                core::report_progress("renewing certificates", ++m_signed, m_total);
                certs[i] = std::move(cert);
            });
        return certs;
    }

    // One certificate of the group cannot be signed: renew them one by one, so it fails alone (renew() says why
    // and audits it).
    void renew_one_by_one(const Due& due) {
        for (const certs::CertRecord& record : due) {
            try {
                RenewOptions o;
                o.name = record.name;
                m_out.renewed.push_back(m_ca.renew(o, m_ca_keys, m_leaf_keys));
            } catch (const std::exception& e) {
                m_out.failed.push_back({record.name, e.what()});  // renew() audited it
            }
        }
    }

    // All of the group or none: until this commit every certificate of it is the old one in service.
    void store(const CaInfo& ca, const Profile& p, const Due& due, const std::vector<IssuedCertificate>& certs,
               core::TimePoint now) {
        const std::string chain_pem = detail::chain_pem(m_ca.chain(ca.name));
        const std::string when = core::format_rfc3339(now);
        storage::Database& db = m_ca.m_store.db();
        db.transaction([&] {
            SQLite::Statement ins(db.sql(), detail::k_insert_issued);
            audit::AuditLog log(db, m_ca.m_clock);
            for (std::size_t i = 0; i < due.size(); ++i) {
                detail::store_renewal(db, log, ins, due[i], ca.name, p.name, certs[i], chain_pem, when, false);
            }
        });
    }

    LocalCa& m_ca;
    const KeyAccess& m_ca_keys;
    keys::KeyStore& m_leaf_keys;
    const std::size_t m_total;
    std::atomic<std::size_t> m_signed{0};
    BatchRenewal m_out;
    std::vector<std::pair<nlohmann::json, std::string>> m_audit_failures;
};

LocalCa::BatchRenewal LocalCa::renew_many(const std::vector<std::string>& names, const KeyAccess& ca_keys,
                                          keys::KeyStore& leaf_keys) {
    RenewalBatch batch(*this, ca_keys, leaf_keys, names.size());
    for (const auto& [issuer, due] : batch.group(names)) {
        batch.renew_group(issuer.first, issuer.second, due);
    }
    return batch.finish();
}

}  // namespace certctl::ca
