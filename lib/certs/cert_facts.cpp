// lib/certs/cert_facts.cpp — RFC 5280 4.1 TBSCertificate walked with BER_Decoder (see cert_facts.h).
#include "lib/certs/cert_facts.h"

#include "lib/certs/cert_summary.h"
#include "lib/core/error.h"

#include <botan/ber_dec.h>
#include <botan/bigint.h>
#include <botan/der_enc.h>
#include <botan/hash.h>
#include <botan/hex.h>
#include <botan/x509_ext.h>
#include <botan/x509_key.h>
#include <memory>

namespace certctl::certs {

namespace {
// "RSA/EMSA3(SHA-160)" -> "SHA-1"; "ECDSA/EMSA1(SHA-256)" -> "SHA-256".
std::string hash_of(const std::string& sig_name) {
    const std::size_t open = sig_name.rfind('(');
    const std::size_t close = sig_name.rfind(')');
    if (open == std::string::npos || close == std::string::npos || close < open) {
        return "unknown";
    }
    std::string hash = sig_name.substr(open + 1, close - open - 1);
    return hash == "SHA-160" ? "SHA-1" : hash;
}
}  // namespace

namespace {
// What the facts are read from: the TBSCertificate's parts, decoded without building an X509_Certificate.
struct TbsParts {
    Botan::AlgorithmIdentifier signature_algorithm;
    Botan::X509_DN issuer, subject;
    Botan::BER_Object spki;
    Botan::Extensions extensions;
};

// Walks Certificate and TBSCertificate (RFC 5280 4.1) in order; the validity goes straight into `f`.
void decode_tbs(const std::vector<std::uint8_t>& der, TbsParts& parts, CertFacts& f) {
    Botan::BER_Decoder outer(der);
    Botan::BER_Decoder cert = outer.start_cons(Botan::SEQUENCE);
    const Botan::BER_Object tbs_obj = cert.get_next_object();
    tbs_obj.assert_is_a(Botan::SEQUENCE, Botan::CONSTRUCTED, "TBSCertificate");
    cert.decode(parts.signature_algorithm);
    Botan::BER_Decoder tbs(tbs_obj);
    std::size_t version = 0;
    tbs.decode_optional(version, Botan::ASN1_Tag(0), Botan::ASN1_Tag(Botan::CONSTRUCTED | Botan::CONTEXT_SPECIFIC),
                        std::size_t(0));
    Botan::BigInt serial;
    Botan::AlgorithmIdentifier inner_alg;
    tbs.decode(serial).decode(inner_alg).decode(parts.issuer);
    tbs.start_cons(Botan::SEQUENCE).decode(f.not_before).decode(f.not_after).end_cons();
    tbs.decode(parts.subject);
    parts.spki = tbs.get_next_object();
    parts.spki.assert_is_a(Botan::SEQUENCE, Botan::CONSTRUCTED, "SubjectPublicKeyInfo");
    while (tbs.more_items()) {
        const Botan::BER_Object obj = tbs.get_next_object();
        if (obj.is_a(3, Botan::ASN1_Tag(Botan::CONSTRUCTED | Botan::CONTEXT_SPECIFIC))) {
            Botan::BER_Decoder(obj).decode(parts.extensions);
        }
    }
}

void set_signature_facts(const Botan::AlgorithmIdentifier& alg, CertFacts& f) {
    try {
        f.signature_algorithm = alg.get_oid().to_formatted_string();
    } catch (const std::exception&) {
        f.signature_algorithm = alg.get_oid().to_string();
    }
    f.signature_hash = alg.get_oid().to_string() == "1.2.840.113549.1.1.4" ? "MD5" : hash_of(f.signature_algorithm);
}

// The key's algorithm and size; "unknown" for a key Botan cannot load (the facts are still wanted).
void set_key_facts(const Botan::BER_Object& spki, CertFacts& f) {
    try {
        std::vector<std::uint8_t> spki_der;
        Botan::DER_Encoder(spki_der).start_cons(Botan::SEQUENCE).raw_bytes(spki.bits(), spki.length()).end_cons();
        const std::unique_ptr<Botan::Public_Key> key(Botan::X509::load_key(spki_der));
        f.key_algorithm = key->algo_name();
        f.key_bits = key->key_length();
    } catch (const std::exception&) {
        f.key_algorithm = "unknown";
    }
}
}  // namespace

CertFacts read_cert_facts(const std::vector<std::uint8_t>& der) {
    CertFacts f;
    try {
        TbsParts parts;
        decode_tbs(der, parts, f);
        f.subject = dn_string(parts.subject);
        f.self_issued = parts.subject == parts.issuer;
        f.not_before_text = time_rfc3339(f.not_before);
        f.not_after_text = time_rfc3339(f.not_after);
        if (const auto bc = parts.extensions.get_extension_object_as<Botan::Cert_Extension::Basic_Constraints>()) {
            f.has_basic_constraints = true;
            f.is_ca = bc->get_is_ca();
        }
        if (const auto ku = parts.extensions.get_extension_object_as<Botan::Cert_Extension::Key_Usage>()) {
            f.key_usage = ku->get_constraints();
        }
        set_signature_facts(parts.signature_algorithm, f);
        set_key_facts(parts.spki, f);
        f.fingerprint = fingerprint_sha256(der);
    } catch (const core::Error&) {
        throw;
    } catch (const std::exception& e) {
        throw core::Error(core::Errc::bad_input, "cannot read certificate", "", e.what());
    }
    return f;
}

}  // namespace certctl::certs
