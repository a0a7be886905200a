// tests/unit/crl/crl_fixture.h — a throwaway CA and CRLs signed by it (Botan's X509_CA, not certctl).
#pragma once
#include <botan/auto_rng.h>
#include <botan/ber_dec.h>
#include <botan/der_enc.h>
#include <botan/ec_group.h>
#include <botan/ecdsa.h>
#include <botan/pkix_types.h>
#include <botan/pubkey.h>
#include <botan/x509_ca.h>
#include <botan/x509_ext.h>
#include <botan/x509self.h>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace certctl::test {

struct TestCa {
    Botan::AutoSeeded_RNG rng;
    std::unique_ptr<Botan::ECDSA_PrivateKey> key;
    Botan::X509_Certificate cert;

    explicit TestCa(const std::string& cn, bool crl_sign = true)
        : key(std::make_unique<Botan::ECDSA_PrivateKey>(rng, Botan::EC_Group("secp256r1"))),
          cert(make(cn, crl_sign)) {}

    Botan::X509_Certificate make(const std::string& cn, bool crl_sign) {
        Botan::X509_Cert_Options opts;
        opts.common_name = cn;
        opts.CA_key(1);
        const auto now = std::chrono::system_clock::now();
        opts.start = Botan::X509_Time(now - std::chrono::hours(24 * 365));
        opts.end = Botan::X509_Time(now + std::chrono::hours(24 * 365 * 5));
        const auto ku = crl_sign ? (Botan::KEY_CERT_SIGN | Botan::CRL_SIGN) : Botan::KEY_CERT_SIGN;
        opts.extensions.add(new Botan::Cert_Extension::Key_Usage(Botan::Key_Constraints(ku)), true);
        return Botan::X509::create_self_signed_cert(opts, *key, "SHA-256", rng);
    }

    static Botan::CRL_Entry entry(const Botan::BigInt& serial, std::chrono::system_clock::time_point at,
                                  Botan::CRL_Code reason) {
        std::vector<uint8_t> der;
        Botan::DER_Encoder enc(der);
        enc.start_cons(Botan::SEQUENCE).encode(serial).encode(Botan::X509_Time(at));
        if (reason != Botan::UNSPECIFIED) {
            Botan::Extensions ext;
            ext.add(new Botan::Cert_Extension::CRL_ReasonCode(reason));
            enc.start_cons(Botan::SEQUENCE).encode(ext).end_cons();
        }
        enc.end_cons();
        Botan::CRL_Entry e;
        Botan::BER_Decoder(der).decode(e);
        return e;
    }

    // A CRL with `number`, thisUpdate `issued`, nextUpdate issued + `valid`.
    std::vector<uint8_t> crl(const std::vector<Botan::CRL_Entry>& entries, size_t number,
                             std::chrono::system_clock::time_point issued, std::chrono::seconds valid) {
        Botan::AlgorithmIdentifier alg;
        const auto signer = Botan::X509_Object::choose_sig_format(alg, *key, rng, "SHA-256", "");
        Botan::Extensions ext;
        ext.add(new Botan::Cert_Extension::Authority_Key_ID(cert.subject_key_id()));
        ext.add(new Botan::Cert_Extension::CRL_Number(number));
        Botan::DER_Encoder tbs;
        tbs.start_cons(Botan::SEQUENCE).encode(size_t(1)).encode(alg).encode(cert.subject_dn())
            .encode(Botan::X509_Time(issued)).encode(Botan::X509_Time(issued + valid));
        if (!entries.empty()) {
            tbs.start_cons(Botan::SEQUENCE).encode_list(entries).end_cons();
        }
        tbs.start_explicit(0).start_cons(Botan::SEQUENCE).encode(ext).end_cons().end_explicit().end_cons();
        return Botan::X509_Object::make_signed(signer.get(), rng, alg, tbs.get_contents());
    }
};

}  // namespace certctl::test
