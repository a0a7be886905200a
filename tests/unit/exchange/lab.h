// tests/unit/exchange/lab.h — a licensing hierarchy made with Botan directly (not with certctl's CA), so the
// exchange tests do not depend on the code they would otherwise agree with.
#pragma once
#include "lib/exchange/exchange_writer.h"

#include <botan/auto_rng.h>
#include <botan/ecdsa.h>
#include <botan/hash.h>
#include <botan/pkcs10.h>
#include <botan/pubkey.h>
#include <botan/x509_ca.h>
#include <botan/x509_ext.h>
#include <botan/x509self.h>
#include <chrono>
#include <map>
#include <memory>
#include <string>

namespace certctl::test {

inline Botan::RandomNumberGenerator& lab_rng() {
    static Botan::AutoSeeded_RNG rng;
    return rng;
}

struct LabCert {
    std::shared_ptr<Botan::Private_Key> key;
    Botan::X509_Certificate cert;
};

inline std::shared_ptr<Botan::Private_Key> lab_key() {
    return std::make_shared<Botan::ECDSA_PrivateKey>(lab_rng(), Botan::EC_Group("secp256r1"));
}

inline Botan::X509_DN lab_dn(const std::string& cn) {
    Botan::X509_DN dn;
    dn.add_attribute("X520.CommonName", cn);
    return dn;
}

// Issues `subject_key`'s certificate under `issuer` (or self-signed when issuer is null).
inline Botan::X509_Certificate lab_issue(const LabCert* issuer, const Botan::Public_Key& subject_key,
                                         const std::string& cn, bool ca, const std::string& eku = "",
                                         std::chrono::system_clock::time_point now = std::chrono::system_clock::now()) {
    Botan::Extensions ext;
    ext.add(new Botan::Cert_Extension::Basic_Constraints(ca, ca ? 1 : 0), true);
    ext.add(new Botan::Cert_Extension::Key_Usage(ca ? Botan::Key_Constraints(Botan::KEY_CERT_SIGN | Botan::CRL_SIGN)
                                                    : Botan::DIGITAL_SIGNATURE),
            true);
    if (!eku.empty()) {
        ext.add(new Botan::Cert_Extension::Extended_Key_Usage({Botan::OID::from_string(eku)}));
    }
    const Botan::Private_Key& signing_key = issuer != nullptr ? *issuer->key : dynamic_cast<const Botan::Private_Key&>(subject_key);
    const Botan::X509_DN issuer_dn = issuer != nullptr ? issuer->cert.subject_dn() : lab_dn(cn);
    Botan::AlgorithmIdentifier alg;
    const auto signer = Botan::X509_Object::choose_sig_format(alg, signing_key, lab_rng(), "SHA-256", "");
    return Botan::X509_CA::make_cert(signer.get(), lab_rng(), Botan::BigInt::random_integer(lab_rng(), 1, Botan::BigInt::power_of_2(120)),
                                     alg, subject_key.subject_public_key(),
                                     Botan::X509_Time(now - std::chrono::hours(1)),
                                     Botan::X509_Time(now + std::chrono::hours(24 * 400)), issuer_dn, lab_dn(cn), ext);
}

inline LabCert lab_ca(const LabCert* issuer, const std::string& cn) {
    LabCert c{lab_key(), Botan::X509_Certificate()};
    c.cert = lab_issue(issuer, *c.key, cn, true);
    return c;
}

inline std::string lab_csr(const Botan::Private_Key& key, const std::string& cn) {
    Botan::X509_Cert_Options opts;
    opts.common_name = cn;
    return Botan::X509::create_cert_req(opts, key, "SHA-256", lab_rng()).PEM_encode();
}

inline constexpr const char* k_lab_uuid = "4cdd0470-e5e4-0132-a310-005056841670";

// The whole certificate tree of docs/exchange.md and a signed authorization for it.
struct Lab {
    LabCert root = lab_ca(nullptr, "Lab Licensing Root");
    LabCert sub_ca = lab_ca(&root, "Lab Sub CA");
    LabCert satellite = lab_ca(&root, "Lab Satellite");
    LabCert local_1_1 = lab_ca(&satellite, "Lab Local Sub CA 1.1");
    LabCert tg_issuer = lab_ca(&root, "Lab TG Issuer");
    std::shared_ptr<Botan::Private_Key> signing_key = lab_key();
    std::shared_ptr<Botan::Private_Key> onprem_key = lab_key();
    Botan::X509_Certificate signing = lab_issue(&sub_ca, *signing_key, "Lab Signing", false);
    Botan::X509_Certificate id = lab_issue(&sub_ca, *onprem_key, k_lab_uuid, false, "PKIX.ClientAuth");
    Botan::X509_Certificate tg_ssl = lab_issue(&tg_issuer, *onprem_key, "tg.lab", false, "PKIX.ServerAuth");
    Botan::X509_Certificate ssms_ssl = lab_issue(&root, *onprem_key, "ssms.lab", false, "PKIX.ServerAuth");

    std::map<std::string, std::string> pems() const {
        return {{"id_cert", id.PEM_encode()},
                {"sub_ca_cert", sub_ca.cert.PEM_encode()},
                {"signing_cert", signing.PEM_encode()},
                {"local_sub_ca_cert_1_1", local_1_1.cert.PEM_encode()},
                {"tg_ssl_cert", tg_ssl.PEM_encode()},
                {"tg_issuer_cert", tg_issuer.cert.PEM_encode()},
                {"satellite_cert", satellite.cert.PEM_encode()},
                {"ssms_ssl_cert", ssms_ssl.PEM_encode()}};
    }

    exchange::ResponseContent authorization_content(const std::map<std::string, std::string>& certs) const {
        exchange::ResponseContent c;
        c.status = "success";
        c.uuid = k_lab_uuid;
        c.smart_account = "BU Production Test";
        c.account_domain = "buproductiontest.example.com";
        for (const auto& [field, pem] : certs) {
            c.certificates.emplace_back(field, pem);
        }
        c.collector_instance_id = k_lab_uuid;
        c.satellite_name = "sat-rest-003";
        c.last_generated = std::chrono::system_clock::now();
        c.sync_type = "FULL";
        return c;
    }

    std::string authorization(const std::map<std::string, std::string>& certs) const {
        return exchange::write_response(authorization_content(certs),
                                        exchange::ResponseSigner{*signing_key, signing, root.cert, lab_rng()});
    }
    std::string authorization() const { return authorization(pems()); }
};

}  // namespace certctl::test
