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

// A certificate to renew with what its group needs to know about it.
struct Due {
    certs::CertRecord record;
    std::string ca;
    std::string profile;
};
}  // namespace

LocalCa::BatchRenewal LocalCa::renew_many(const std::vector<std::string>& names, const KeyAccess& ca_keys,
                                          keys::KeyStore& leaf_keys) {
    BatchRenewal out;
    // Failures are audited together, in one transaction, as the renewals are.
    std::vector<std::pair<nlohmann::json, std::string>> audit_failures;
    const auto fail = [&](const std::string& name, const nlohmann::json& detail, const std::string& error) {
        out.failed.push_back({name, error});
        audit_failures.emplace_back(detail, error);
    };

    // Which CA issued each certificate, with which profile (ca_issued by name and serial).
    std::map<std::pair<std::string, std::string>, std::vector<Due>> groups;  // (ca, profile) -> due
    for (const std::string& name : names) {
        try {
            certs::CertRecord record = detail::renewable_record(m_store.db(), name);
            storage::Database::Cached q =
                m_store.db().cached("SELECT ca, profile FROM ca_issued WHERE name = ? AND serial = ?");
            q->bind(1, name);
            q->bind(2, record.serial);
            if (record.source != "issued" || !q->executeStep()) {
                throw core::Error(core::Errc::bad_input, "cannot renew", name,
                                  "no local CA has a record of issuing serial " + record.serial,
                                  "issue a new certificate with `certctl ca issue`");
            }
            const std::string ca = q->getColumn("ca").getString();
            const std::string profile = q->getColumn("profile").getString();
            groups[{ca, profile}].push_back({std::move(record), ca, profile});
        } catch (const core::Error& e) {
            fail(name, {{"name", name}, {"rekey", false}}, e.what());
        }
    }

    std::atomic<std::size_t> signed_so_far{0};
    for (auto& group : groups) {
        const std::string& ca_name = group.first.first;
        const std::string& profile_name = group.first.second;
        std::vector<Due>& due = group.second;
        const nlohmann::json failure = {{"certificate_authority", ca_name}, {"rekey", false}};
        const auto fail_group = [&](const std::string& error) {
            for (const Due& d : due) {
                nlohmann::json f = failure;
                f["name"] = d.record.name;
                f["old_serial"] = d.record.serial;
                fail(d.record.name, f, error);
            }
        };
        // What holds for the whole group (the CA, its key, the profile, the CA's validity) fails it whole.
        std::optional<CaInfo> ca;
        std::unique_ptr<Botan::Private_Key> ca_key;
        const Profile* p = nullptr;
        const core::TimePoint now = m_clock.now();
        try {
            ca = get(ca_name);
            p = &m_profiles.get(profile_name);
            ca_key = detail::load_ca_key(ca_keys, *ca);
            CertificateIssuer(Botan::X509_Certificate(ca->der), *ca_key,
                              CaSettings{ca->crl_url, ca->ca_issuers_url, {}}, m_rng)
                .check(*p, now, std::nullopt);
        } catch (const std::exception& e) {
            fail_group(e.what());
            continue;
        }
        std::vector<IssuedCertificate> certs(due.size());
        try {
            CertificateIssuer issuer(Botan::X509_Certificate(ca->der), *ca_key, issuing_settings(*ca, due.size()),
                                     m_rng);
            issuer.check(*p, now, std::nullopt);
            // Each worker reads its old certificate (subject, key, SANs, lifetime) and signs the new one.
            issuer.issue_each(
                *p, due.size(), now,
                [&](std::size_t i) {
                    const Botan::X509_Certificate old(due[i].record.der);
                    const std::unique_ptr<Botan::Public_Key> old_key(old.subject_public_key());
                    CertificateIssuer::Job job{SubjectRequest::from_key(*old_key, old.subject_dn()),
                                               detail::renewal_not_after(issuer, *p, old, now)};
                    job.subject.san_value = detail::san_value(old);
                    return job;
                },
                [&](std::size_t i, IssuedCertificate&& cert) {
                    core::report_progress("renewing certificates", ++signed_so_far, names.size());
                    certs[i] = std::move(cert);
                });
        } catch (const std::exception&) {
            // One certificate of the group cannot be signed: renew them one by one, so it fails alone (renew()
            // says why and audits it).
            for (const Due& d : due) {
                try {
                    RenewOptions o;
                    o.name = d.record.name;
                    out.renewed.push_back(renew(o, ca_keys, leaf_keys));
                } catch (const std::exception& e) {
                    out.failed.push_back({d.record.name, e.what()});  // renew() audited it
                }
            }
            continue;
        }
        std::string chain_pem;
        for (const Botan::X509_Certificate& c : chain(ca->name)) {
            chain_pem += c.PEM_encode();
        }
        const std::string when = core::format_rfc3339(now);
        try {
            // All of the group or none: until this commit every certificate of it is the old one in service.
            m_store.db().transaction([&] {
                SQLite::Statement ins(m_store.db().sql(), detail::k_insert_issued);
                audit::AuditLog log(m_store.db(), m_clock);
                for (std::size_t i = 0; i < due.size(); ++i) {
                    detail::store_renewal(m_store.db(), log, ins, due[i].record, ca->name, p->name, certs[i], chain_pem,
                                          when, false);
                }
            });
        } catch (const std::exception& e) {
            fail_group(e.what());
            continue;
        }
        for (std::size_t i = 0; i < due.size(); ++i) {
            out.renewed.push_back(detail::renewal_result(due[i].record, ca->name, p->name, certs[i], false));
        }
    }

    if (!audit_failures.empty()) {
        try {  // the refusals are news for the audit trail, but must never hide the errors themselves
            audit::AuditLog log(m_store.db(), m_clock);
            m_store.db().transaction([&] {
                for (const auto& [what, error] : audit_failures) {
                    log.record(k_renew_event, what.value("name", ""), what, false, error);
                }
            });
        } catch (const std::exception&) {
        }
    }
    return out;
}

}  // namespace certctl::ca
