// lib/ca/ca_adopt.cpp — `ca import`: a CA made elsewhere becomes a local CA, its serials and CRL numbers continued.
#include "lib/audit/audit_log.h"
#include "lib/ca/local_ca.h"
#include "lib/ca/serial.h"
#include "lib/certs/cert_parser.h"
#include "lib/certs/cert_summary.h"
#include "lib/core/error.h"
#include "lib/core/file_io.h"
#include "lib/core/name.h"
#include "lib/core/rfc3339.h"
#include "lib/csr/subject.h"
#include "lib/keys/pem_blocks.h"
#include "lib/keys/private_key_codec.h"

#include <SQLiteCpp/Statement.h>
#include <botan/x509_ext.h>

namespace certctl::ca {

namespace {
constexpr const char* k_import_event = "system.import_ca";
constexpr const char* k_what = "cannot import CA";

core::Error refusal(core::Errc code, const std::string& subject, const std::string& why, const std::string& hint = {}) {
    return core::Error(code, k_what, subject, why, hint);
}

// RFC 5280 4.2.1.9 and 4.2.1.3: only a certificate with CA:TRUE and keyCertSign may sign certificates. Botan's
// is_CA_cert() also accepts a CA without a key usage extension; we want both stated.
void require_ca(const Botan::X509_Certificate& cert, const std::string& file) {
    const auto* bc = cert.v3_extensions().get_extension_object_as<Botan::Cert_Extension::Basic_Constraints>();
    if (bc == nullptr || !bc->get_is_ca()) {
        throw refusal(core::Errc::bad_input, file, "the certificate is not a CA (basicConstraints CA:TRUE missing)",
                      "give the CA's own certificate; an end-entity certificate cannot issue");
    }
    if ((cert.constraints() & Botan::Key_Constraints::KEY_CERT_SIGN) == 0) {
        throw refusal(core::Errc::bad_input, file, "the certificate's key usage lacks keyCertSign",
                      "a CA certificate must carry keyUsage keyCertSign (and cRLSign to publish CRLs)");
    }
    if (!cert.is_CA_cert()) {  // what CertificateIssuer will ask: both of the above, as Botan reads them
        throw refusal(core::Errc::bad_input, file, "Botan does not accept it as a CA certificate");
    }
}

// Each certificate of the chain must have signed the one before it, starting with the CA itself.
void check_chain(const Botan::X509_Certificate& ca, const std::vector<Botan::X509_Certificate>& chain,
                 const std::string& file) {
    const Botan::X509_Certificate* child = &ca;
    for (std::size_t i = 0; i < chain.size(); ++i) {
        const Botan::X509_Certificate& parent = chain[i];
        const std::string where = file + ": certificate " + std::to_string(i + 1);
        if (!(child->issuer_dn() == parent.subject_dn())) {
            throw refusal(core::Errc::bad_input, where,
                          "it is " + csr::dn_to_string(parent.subject_dn()) +
                              ", but the certificate before it was issued by " + csr::dn_to_string(child->issuer_dn()),
                          "list the issuers in order: the CA's issuer first, the root last");
        }
        const std::unique_ptr<Botan::Public_Key> key(parent.subject_public_key());
        if (!child->check_signature(*key)) {
            throw refusal(core::Errc::bad_input, where, "its key did not sign the certificate before it",
                          "give the chain of this CA, issuer first");
        }
        if (!parent.is_CA_cert()) {
            throw refusal(core::Errc::bad_input, where, "the chain holds a certificate that is not a CA");
        }
        child = &parent;
    }
}

std::string checked_next_serial(const std::string& text) {
    const std::string hex = normalize_serial(text);
    if (hex.empty()) {
        throw refusal(core::Errc::usage, text, "--next-serial must be a positive hexadecimal serial",
                      "give what OpenSSL's `serial` file holds, e.g. --next-serial 1000");
    }
    if (hex.size() > 38) {  // RFC 5280 4.1.2.2: 20 octets at most, and room to count up
        throw refusal(core::Errc::usage, text, "--next-serial is longer than 19 octets",
                      "leave it out: random serials never collide with the old CA's");
    }
    return hex;
}

// The key file must hold the key alone: a certificate beside it would be a second, unchecked source of truth.
void refuse_certificate_in_key_file(const std::string& contents, const std::string& file) {
    if (!keys::looks_like_pem(contents)) {
        return;
    }
    for (const keys::PemBlock& b : keys::split_pem(contents, file, k_what)) {
        if (b.label == "CERTIFICATE" || b.label == "X509 CERTIFICATE" || b.label == "TRUSTED CERTIFICATE") {
            throw refusal(core::Errc::bad_input, file, "the key file also carries a certificate",
                          "give the certificate with --cert and a file with the key alone with --key");
        }
    }
}

// The CA certificate of --cert: one certificate, and a CA.
Botan::X509_Certificate read_ca_certificate(const AdoptOptions& o) {
    std::vector<Botan::X509_Certificate> certs =
        certs::parse_certificates(core::read_file(o.cert_file, "CA certificate file"), o.cert_file);
    if (certs.size() != 1) {
        throw refusal(core::Errc::bad_input, o.cert_file,
                      "it holds " + std::to_string(certs.size()) + " certificates, not the CA's alone",
                      "give the CA certificate with --cert and its issuers with --chain");
    }
    require_ca(certs.front(), o.cert_file);
    return std::move(certs.front());
}

// The text of --key, checked to hold the key of `cert` alone.
std::string read_ca_key(const AdoptOptions& o, const Botan::X509_Certificate& cert, bool loose_key_files_allowed,
                        Botan::RandomNumberGenerator& rng) {
    std::string key_text = core::read_secret_file(o.key_file, "key file", loose_key_files_allowed);
    refuse_certificate_in_key_file(key_text, o.key_file);
    const keys::DecodedKey key = keys::decode_private_key(key_text, o.key_file, k_what, o.passphrase, rng);
    if (key.key->public_key_bits() != cert.subject_public_key_bitstring()) {
        throw refusal(core::Errc::bad_input, o.key_file, "the key does not match the certificate in " + o.cert_file,
                      "give the CA's own private key");
    }
    return key_text;
}

// What `ca import` stores beside the certificate.
struct Adopted {
    Botan::X509_Certificate cert;
    std::vector<Botan::X509_Certificate> chain;  // --chain, checked: issuer first
    std::string chain_pem;
    std::string next_serial;  // empty: random serials
};

void read_chain(const AdoptOptions& o, Adopted& a) {
    if (o.chain_file.empty()) {
        return;
    }
    a.chain = certs::parse_certificates(core::read_file(o.chain_file, "chain file"), o.chain_file);
    check_chain(a.cert, a.chain, o.chain_file);
    for (const Botan::X509_Certificate& c : a.chain) {
        a.chain_pem += c.PEM_encode();
    }
}

// The cas row and its audit event, in one transaction.
void insert_adopted(storage::Database& db, audit::AuditLog& log, const AdoptOptions& o, const Profile& p,
                    const Adopted& a, const std::string& now) {
    const std::string serial = serial_hex(a.cert.serial_number());
    db.transaction([&] {
        SQLite::Statement q(db.sql(),
                            "INSERT INTO cas(name, profile, key_name, der, subject, serial, not_before, not_after,"
                            " crl_url, ca_issuers_url, crl_number, created, chain_pem, next_serial, imported)"
                            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        const std::vector<std::uint8_t> der = a.cert.BER_encode();
        q.bind(1, o.name);
        q.bind(2, p.name);
        q.bind(3, o.name);
        q.bind(4, der.data(), static_cast<int>(der.size()));
        q.bind(5, csr::dn_to_string(a.cert.subject_dn()));
        q.bind(6, serial);
        q.bind(7, certs::time_rfc3339(a.cert.not_before()));
        q.bind(8, certs::time_rfc3339(a.cert.not_after()));
        if (!o.crl_url.empty()) {
            q.bind(9, o.crl_url);
        }
        if (!o.ca_issuers_url.empty()) {
            q.bind(10, o.ca_issuers_url);
        }
        q.bind(11, static_cast<std::int64_t>(o.crl_number));
        q.bind(12, now);
        if (!a.chain_pem.empty()) {
            q.bind(13, a.chain_pem);
        }
        if (!a.next_serial.empty()) {
            q.bind(14, a.next_serial);
        }
        q.bind(15, now);
        q.exec();
        log.record(k_import_event, o.name,
                   {{"name", o.name},
                    {"profile", p.name},
                    {"subject", csr::dn_to_string(a.cert.subject_dn())},
                    {"serial", serial},
                    {"fingerprint", certs::fingerprint_sha256(a.cert)},
                    {"key", o.name},
                    {"chain", a.chain.size()},
                    {"next_serial", a.next_serial.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.next_serial)},
                    {"crl_number", o.crl_number},
                    {"file", o.cert_file}},
                   true);
    });
}
}  // namespace

CaInfo LocalCa::adopt(const AdoptOptions& o, const KeyAccess& keys) {
    try {
        core::check_name("CA", o.name);
        if (find(o.name)) {
            throw refusal(core::Errc::usage, o.name, "a CA with this name exists", "see `certctl ca list`");
        }
        if (keys.exists(o.name)) {
            throw refusal(core::Errc::usage, o.name, "a key called " + o.name + " exists already",
                          "the CA's key is stored under the CA's name: pick another name");
        }
        if (o.crl_number < 0) {
            throw refusal(core::Errc::usage, std::to_string(o.crl_number), "--crl-number cannot be negative");
        }
        const std::string next_serial = o.next_serial ? checked_next_serial(*o.next_serial) : std::string();
        Adopted a{read_ca_certificate(o), {}, {}, next_serial};
        const std::string key_text = read_ca_key(o, a.cert, m_store.loose_key_files_allowed(), m_rng);
        read_chain(o, a);
        const Profile& p = m_profiles.get(o.profile.value_or(a.cert.is_self_signed() ? "root" : "sub-ca"));
        if (!p.ca) {
            throw refusal(core::Errc::usage, o.name, "profile " + p.name + " is not a CA profile",
                          "leave --profile out, or give a CA profile such as root or sub-ca");
        }
        // The key first, through the same code as `key import`; taken out again if the CA row fails.
        keys.import(o.name, key_text, o.key_file);
        try {
            audit::AuditLog log(m_store.db(), m_clock);
            insert_adopted(m_store.db(), log, o, p, a, core::format_rfc3339(m_clock.now()));
        } catch (...) {
            keys.remove(o.name);
            throw;
        }
        return get(o.name);
    } catch (const std::exception& e) {
        record_failure(k_import_event, o.name, {{"name", o.name}, {"file", o.cert_file}, {"key_file", o.key_file}},
                       e.what());
        throw;
    }
}

}  // namespace certctl::ca
