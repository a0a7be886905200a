// tests/unit/certs/test_pki.h — certificates for unit tests, made with Botan's own CA primitives (never with
// certctl code), with exact dates and extensions.
#pragma once
#include "lib/core/clock.h"

#include <botan/auto_rng.h>
#include <botan/ec_group.h>
#include <botan/ecdsa.h>
#include <botan/hex.h>
#include <botan/pk_ops.h>
#include <botan/pkcs8.h>
#include <botan/pubkey.h>
#include <botan/x509_ca.h>
#include <botan/x509_ext.h>
#include <botan/x509cert.h>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace certctl::test {

struct Issued {
    std::shared_ptr<Botan::Private_Key> key;
    Botan::X509_Certificate cert;
};

struct CertSpec {
    CertSpec(std::string cn_, bool ca_ = false) : cn(std::move(cn_)), ca(ca_) {}
    std::string cn;
    bool ca = false;
    std::vector<std::string> ekus;   // OIDs
    std::vector<std::string> dns;
    std::chrono::hours not_before = std::chrono::hours(-24);   // relative to `now`
    std::chrono::hours not_after = std::chrono::hours(24 * 365);
    std::string hash = "SHA-256";
};

inline Botan::RandomNumberGenerator& rng() {
    static Botan::AutoSeeded_RNG r;
    return r;
}

// Issues `spec` with `issuer` (nullptr: self-signed) at `now`.
inline Issued issue(const CertSpec& spec, const Issued* issuer, core::TimePoint now) {
    auto key = std::make_shared<Botan::ECDSA_PrivateKey>(rng(), Botan::EC_Group("secp256r1"));
    Botan::X509_DN subject;
    subject.add_attribute("X520.CommonName", spec.cn);
    const Botan::Private_Key& signing_key = issuer != nullptr ? *issuer->key : *key;
    const Botan::X509_DN issuer_dn = issuer != nullptr ? issuer->cert.subject_dn() : subject;
    Botan::Extensions ext;
    ext.add(new Botan::Cert_Extension::Basic_Constraints(spec.ca, spec.ca ? 1 : 0), true);
    ext.add(new Botan::Cert_Extension::Key_Usage(spec.ca ? Botan::Key_Constraints(Botan::KEY_CERT_SIGN | Botan::CRL_SIGN)
                                                         : Botan::Key_Constraints(Botan::DIGITAL_SIGNATURE)),
            true);
    ext.add(new Botan::Cert_Extension::Subject_Key_ID(key->subject_public_key(), "SHA-256"));
    if (issuer != nullptr) {
        ext.add(new Botan::Cert_Extension::Authority_Key_ID(issuer->cert.subject_key_id()));
    }
    if (!spec.ekus.empty()) {
        std::vector<Botan::OID> oids;
        for (const auto& e : spec.ekus) {
            oids.emplace_back(e);
        }
        ext.add(new Botan::Cert_Extension::Extended_Key_Usage(oids));
    }
    if (!spec.dns.empty()) {
        Botan::AlternativeName alt;
        for (const auto& d : spec.dns) {
            alt.add_attribute("DNS", d);
        }
        ext.add(new Botan::Cert_Extension::Subject_Alternative_Name(alt));
    }
    Botan::AlgorithmIdentifier alg;
    // All keys here are ECDSA: the padding names the hash.
    const std::unique_ptr<Botan::PK_Signer> signer =
        Botan::X509_Object::choose_sig_format(alg, signing_key, rng(), spec.hash, "EMSA1(" + spec.hash + ")");
    const auto cert = Botan::X509_CA::make_cert(signer.get(), rng(), alg, key->subject_public_key(),
                                                Botan::X509_Time(now + spec.not_before),
                                                Botan::X509_Time(now + spec.not_after), issuer_dn, subject, ext);
    return {key, cert};
}

inline const char* k_server_auth = "1.3.6.1.5.5.7.3.1";
inline const char* k_client_auth = "1.3.6.1.5.5.7.3.2";

}  // namespace certctl::test
