// lib/ca/renewal.cpp — `cert renew`: a local CA re-issues a certificate (same or new key); for an external CA, a
// fresh CSR that the next `cert import` completes.
#include "lib/ca/renewal.h"

#include "lib/audit/audit_log.h"
#include "lib/ca/inventory_entry.h"
#include "lib/ca/local_ca.h"
#include "lib/ca/local_ca_rows.h"
#include "lib/certs/cert_summary.h"
#include "lib/certs/cert_time.h"
#include "lib/certs/inventory.h"
#include "lib/certs/lifecycle_store.h"
#include "lib/certs/renewal_retries.h"
#include "lib/core/atomic_file.h"
#include "lib/core/error.h"
#include "lib/core/name.h"
#include "lib/core/rfc3339.h"
#include "lib/csr/request.h"
#include "lib/keys/private_key_codec.h"

#include <SQLiteCpp/Statement.h>
#include <botan/pem.h>
#include <botan/x509_ext.h>
#include <algorithm>

namespace certctl::ca {

namespace {
constexpr const char* k_renew_event = "system.renew_certificate";

std::string key_name_of(const certs::CertRecord& r) {
    return r.key_name.empty() ? r.name : r.key_name;
}

// --rekey: the certificate's key must be in the store (else there is nothing to swap), and the new one is made
// before anything is signed.
std::unique_ptr<Botan::Private_Key> successor_key(const RenewOptions& o, keys::KeyStore& leaf_keys,
                                                  const std::string& key_name, const Botan::Public_Key& old_key) {
    const std::optional<keys::KeyInfo> stored = leaf_keys.find(key_name);
    if (!stored || stored->public_key_sha256 != keys::public_key_sha256(old_key)) {
        throw core::Error(core::Errc::bad_input, "cannot rekey", o.name,
                          "the certificate's key is not in the store as " + key_name,
                          "renew without --rekey, or make a CSR with a new key and `certctl ca issue` it");
    }
    if (stored->encrypted && !o.key_passphrase) {
        throw core::Error(core::Errc::usage, "cannot rekey", o.name,
                          "the key " + key_name + " is encrypted: its successor needs a passphrase",
                          "give --key-passphrase-file FILE");
    }
    return leaf_keys.create(keys::spec_of(old_key, key_name, "cannot rekey"));
}
}  // namespace

namespace detail {
core::TimePoint renewal_not_after(const CertificateIssuer& issuer, const Profile& p,
                                  const Botan::X509_Certificate& old, core::TimePoint now) {
    // Without --days the renewal keeps the old lifetime (whole days, within the profile's maximum), so a
    // 30-day certificate stays a 30-day one; like every default it ends with the CA at the latest.
    const auto old_days = std::chrono::duration_cast<std::chrono::hours>(certs::time_point(old.not_after()) -
                                                                         certs::time_point(old.not_before()))
                              .count() /
                          24;
    const long days = std::clamp<long>(static_cast<long>(old_days), 1, p.max_days);
    const core::TimePoint start = std::chrono::time_point_cast<std::chrono::seconds>(now);
    const core::TimePoint ca_end =
        std::chrono::time_point_cast<std::chrono::seconds>(certs::time_point(issuer.ca_certificate().not_after()));
    return std::min(start + std::chrono::hours(24) * days, ca_end);
}

RenewResult renewal_result(const certs::CertRecord& old, const std::string& ca, const std::string& profile,
                           const IssuedCertificate& cert, bool rekey) {
    return RenewResult{old.name,    ca, profile, old.serial, cert.serial, core::format_rfc3339(cert.not_after),
                       cert.fingerprint, rekey};
}

void store_renewal(storage::Database& db, audit::AuditLog& log, SQLite::Statement& insert_issued_q,
                   const certs::CertRecord& old, const std::string& ca, const std::string& profile,
                   const IssuedCertificate& cert, const std::string& chain_pem, const std::string& when, bool rekey) {
    certs::CertRecord next = issued_record(old.name, cert, chain_pem, "", when);  // "": the row's purpose stays
    next.key_name = old.key_name;
    insert_issued(insert_issued_q, ca, cert, profile, old.name, when);
    certs::Inventory(db).replace(next, when, "renew");
    certs::LifecycleStore(db).record_change(old.name, "renew", cert.fingerprint, when);
    certs::RenewalRetries(db).clear(old.name);  // whoever renewed it, automatic retries are over
    log.record(k_renew_event, old.name,
               {{"name", old.name},
                {"how", "local_ca"},
                {"certificate_authority", ca},
                {"profile", profile},
                {"old_serial", old.serial},
                {"new_serial", cert.serial},
                {"rekey", rekey},
                {"not_after", next.not_after},
                {"fingerprint", cert.fingerprint}},
               true);
}

std::vector<std::uint8_t> san_value(const Botan::X509_Certificate& cert) {
    const Botan::OID oid = Botan::OID::from_string(csr::k_subject_alt_name_oid);
    if (!cert.v3_extensions().extension_set(oid)) {
        return {};
    }
    return cert.v3_extensions().get_extension_bits(oid);
}

certs::CertRecord renewable_record(storage::Database& db, const std::string& name) {
    core::check_name("certificate", name);
    if (auto r = certs::Inventory(db).find(name)) {
        return *r;
    }
    throw core::Error(core::Errc::not_found, "no such certificate", name, "not in the inventory",
                      "see `certctl cert list`");
}

IssuedBy issued_by(storage::Database& db, const certs::CertRecord& record) {
    storage::Database::Cached q = db.cached("SELECT ca, profile FROM ca_issued WHERE name = ? AND serial = ?");
    q->bind(1, record.name);
    q->bind(2, record.serial);
    if (record.source != "issued" || !q->executeStep()) {
        throw core::Error(core::Errc::bad_input, "cannot renew", record.name,
                          "no local CA has a record of issuing serial " + record.serial,
                          "issue a new certificate with `certctl ca issue`");
    }
    return {q->getColumn("ca").getString(), q->getColumn("profile").getString()};
}

std::string chain_pem(const std::vector<Botan::X509_Certificate>& chain) {
    std::string pem;
    for (const Botan::X509_Certificate& c : chain) {
        pem += c.PEM_encode();
    }
    return pem;
}
}  // namespace detail

RenewResult LocalCa::renew(const RenewOptions& o, const KeyAccess& ca_keys, keys::KeyStore& leaf_keys) {
    nlohmann::json failure = {{"name", o.name}, {"rekey", o.rekey}};
    try {
        const certs::CertRecord record = detail::renewable_record(m_store.db(), o.name);
        if (record.source != "issued") {
            throw core::Error(core::Errc::usage, "cannot renew", o.name,
                              "it was " + record.source + ", not issued by a local CA",
                              "write a CSR for its CA with `certctl cert renew " + o.name +
                                  " --csr-out FILE`, then `certctl cert import " + o.name + " CERT`");
        }
        const detail::IssuedBy by = detail::issued_by(m_store.db(), record);
        failure["certificate_authority"] = by.ca;
        failure["old_serial"] = record.serial;
        const CaInfo ca = get(by.ca);
        const Profile& p = m_profiles.get(by.profile);
        const Botan::X509_Certificate old(record.der);
        const std::unique_ptr<Botan::Public_Key> old_key(old.subject_public_key());

        // --rekey: the certificate's key must be in the store (else there is nothing to swap), and the new one is
        // made before anything is signed.
        const std::string key_name = key_name_of(record);
        const std::unique_ptr<Botan::Private_Key> new_key =
            o.rekey ? successor_key(o, leaf_keys, key_name, *old_key) : nullptr;

        const Botan::Public_Key& subject_key = new_key ? static_cast<const Botan::Public_Key&>(*new_key) : *old_key;
        SubjectRequest subject = SubjectRequest::from_key(subject_key, old.subject_dn());
        subject.san_value = detail::san_value(old);
        const std::unique_ptr<Botan::Private_Key> ca_key = detail::load_ca_key(ca_keys, ca);
        const core::TimePoint now = m_clock.now();
        CaSettings plain;
        plain.crl_url = ca.crl_url;
        plain.ca_issuers_url = ca.ca_issuers_url;
        CertificateIssuer(Botan::X509_Certificate(ca.der), *ca_key, plain, m_rng).check(p, now, o.days);
        CertificateIssuer issuer(Botan::X509_Certificate(ca.der), *ca_key, issuing_settings(ca, 1), m_rng);
        const core::TimePoint checked = issuer.check(p, now, o.days);
        const core::TimePoint not_after = o.days ? checked : detail::renewal_not_after(issuer, p, old, now);
        const IssuedCertificate cert = issuer.issue(p, subject, now, not_after);

        const std::string chain_pem = detail::chain_pem(chain(ca.name));
        const std::string when = core::format_rfc3339(now);
        const RenewResult result = detail::renewal_result(record, ca.name, p.name, cert, o.rekey);
        // The old certificate stays in service until this one commit: a crash before it leaves the old one,
        // after it the new one (and with --rekey its key), never neither.
        const auto rows = [&] {
            SQLite::Statement ins(m_store.db().sql(), detail::k_insert_issued);
            audit::AuditLog log(m_store.db(), m_clock);
            detail::store_renewal(m_store.db(), log, ins, record, ca.name, p.name, cert, chain_pem, when, o.rekey);
        };
        if (new_key) {
            leaf_keys.swap(key_name, *new_key, o.key_passphrase, rows);
        } else {
            m_store.db().transaction(rows);
        }
        return result;
    } catch (const std::exception& e) {
        record_failure(k_renew_event, o.name, failure, e.what());
        throw;
    }
}

ExternalRenewal request_external_renewal(
    storage::Store& store, const core::Clock& clock, Botan::RandomNumberGenerator& rng, const std::string& name,
    const std::function<std::unique_ptr<Botan::Private_Key>(const std::string&)>& load_key,
    const std::filesystem::path& csr_out) {
    const certs::CertRecord record = detail::renewable_record(store.db(), name);
    if (record.der.empty()) {
        throw core::Error(core::Errc::usage, "cannot renew", name,
                          "it is a tracked file, not a certificate in the store", "renew it where the file comes from");
    }
    const Botan::X509_Certificate old(record.der);
    const std::unique_ptr<Botan::Public_Key> old_key(old.subject_public_key());
    const std::string key_name = key_name_of(record);
    std::unique_ptr<Botan::Private_Key> key;
    try {
        key = load_key(key_name);
    } catch (const core::Error& e) {
        if (e.code() != core::Errc::not_found) {
            throw;
        }
        throw core::Error(
            core::Errc::bad_input, "cannot renew", name,
            "its key is not in the store as " + key_name + ": the CSR must be signed with it",
            "make the CSR where the key lives, or import the key with `certctl key import " + key_name + " FILE`");
    }
    if (key->public_key_bits() != old_key->public_key_bits()) {
        throw core::Error(core::Errc::bad_input, "cannot renew", name,
                          "the key " + key_name + " in the store is not the certificate's key",
                          "renew with the key the certificate was issued for");
    }
    ExternalRenewal out;
    out.name = name;
    out.key_name = key_name;
    out.subject = record.subject;
    const std::vector<std::uint8_t> sans = detail::san_value(old);
    const csr::SubjectAltNames names =
        sans.empty() ? csr::SubjectAltNames{} : csr::SubjectAltNames::decode(sans, name + " (stored certificate)");
    out.sans = names.to_string();
    const std::vector<std::uint8_t> der =
        csr::build_request(*key, csr::Subject::from_dn(old.subject_dn()), names, std::nullopt, rng);
    out.csr_pem = Botan::PEM_Code::encode(der, "CERTIFICATE REQUEST");
    out.requested = core::format_rfc3339(clock.now());
    if (!csr_out.empty()) {
        core::write_file_atomic(csr_out, out.csr_pem, 0644);
        out.path = csr_out.string();
    }
    store.db().transaction([&] {
        certs::Inventory(store.db())
            .set_pending_renewal({name, out.csr_pem, keys::public_key_sha256(*key), out.requested});
        audit::AuditLog(store.db(), clock)
            .record("system.generate_csr", name,
                    {{"name", name},
                     {"key_name", key_name},
                     {"subject", record.subject},
                     {"algorithm", keys::spec_of(*key, key_name, "cannot renew").to_string()},
                     {"sans", out.sans},
                     {"renewal_of", record.serial}},
                    true);
    });
    return out;
}

}  // namespace certctl::ca
