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

CertFacts read_cert_facts(const std::vector<std::uint8_t>& der) {
    CertFacts f;
    try {
        Botan::BER_Decoder outer(der);
        Botan::BER_Decoder cert = outer.start_cons(Botan::SEQUENCE);
        const Botan::BER_Object tbs_obj = cert.get_next_object();
        tbs_obj.assert_is_a(Botan::SEQUENCE, Botan::CONSTRUCTED, "TBSCertificate");
        Botan::AlgorithmIdentifier sig_alg;
        cert.decode(sig_alg);
        Botan::BER_Decoder tbs(tbs_obj);
        std::size_t version = 0;
        tbs.decode_optional(version, Botan::ASN1_Tag(0), Botan::ASN1_Tag(Botan::CONSTRUCTED | Botan::CONTEXT_SPECIFIC),
                            std::size_t(0));
        Botan::BigInt serial;
        Botan::AlgorithmIdentifier inner_alg;
        Botan::X509_DN issuer, subject;
        tbs.decode(serial).decode(inner_alg).decode(issuer);
        tbs.start_cons(Botan::SEQUENCE).decode(f.not_before).decode(f.not_after).end_cons();
        tbs.decode(subject);
        const Botan::BER_Object spki = tbs.get_next_object();
        spki.assert_is_a(Botan::SEQUENCE, Botan::CONSTRUCTED, "SubjectPublicKeyInfo");
        Botan::Extensions exts;
        while (tbs.more_items()) {
            const Botan::BER_Object obj = tbs.get_next_object();
            if (obj.is_a(3, Botan::ASN1_Tag(Botan::CONSTRUCTED | Botan::CONTEXT_SPECIFIC))) {
                Botan::BER_Decoder(obj).decode(exts);
            }
        }
        f.subject = dn_string(subject);
        f.self_issued = subject == issuer;
        f.not_before_text = time_rfc3339(f.not_before);
        f.not_after_text = time_rfc3339(f.not_after);
        if (const auto bc = exts.get_extension_object_as<Botan::Cert_Extension::Basic_Constraints>()) {
            f.has_basic_constraints = true;
            f.is_ca = bc->get_is_ca();
        }
        if (const auto ku = exts.get_extension_object_as<Botan::Cert_Extension::Key_Usage>()) {
            f.key_usage = ku->get_constraints();
        }
        try {
            f.signature_algorithm = sig_alg.get_oid().to_formatted_string();
        } catch (const std::exception&) {
            f.signature_algorithm = sig_alg.get_oid().to_string();
        }
        f.signature_hash =
            sig_alg.get_oid().to_string() == "1.2.840.113549.1.1.4" ? "MD5" : hash_of(f.signature_algorithm);
        try {
            std::vector<std::uint8_t> spki_der;
            Botan::DER_Encoder(spki_der).start_cons(Botan::SEQUENCE).raw_bytes(spki.bits(), spki.length()).end_cons();
            const std::unique_ptr<Botan::Public_Key> key(Botan::X509::load_key(spki_der));
            f.key_algorithm = key->algo_name();
            f.key_bits = key->key_length();
        } catch (const std::exception&) {
            f.key_algorithm = "unknown";
        }
        f.fingerprint = fingerprint_sha256(der);
    } catch (const core::Error&) {
        throw;
    } catch (const std::exception& e) {
        throw core::Error(core::Errc::bad_input, "cannot read certificate", "", e.what());
    }
    return f;
}

}  // namespace certctl::certs
