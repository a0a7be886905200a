// tests/unit/ca/test_cert_issuer.cpp — extensions only from the profile, serials, lifetimes, path lengths.
#include "lib/ca/cert_issuer.h"
#include "lib/ca/serial.h"
#include "lib/core/error.h"
#include "lib/core/rfc3339.h"

#include <botan/auto_rng.h>
#include <botan/ec_group.h>
#include <botan/ecdsa.h>
#include <botan/hex.h>
#include <botan/x509_ext.h>
#include <botan/x509self.h>
#include <doctest/doctest.h>
#include <set>

using namespace certctl;

namespace {
Botan::AutoSeeded_RNG& rng() {
    static Botan::AutoSeeded_RNG r;
    return r;
}
std::unique_ptr<Botan::Private_Key> p256() {
    return std::make_unique<Botan::ECDSA_PrivateKey>(rng(), Botan::EC_Group("secp256r1"));
}
Botan::X509_DN dn(const std::string& cn) {
    Botan::X509_DN d;
    d.add_attribute("X520.Organization", "certctl test");
    d.add_attribute("X520.CommonName", cn);
    return d;
}
// A CSR that asks for everything a CA must never grant blindly: CA:TRUE, keyCertSign, an EKU, SANs.
Botan::PKCS10_Request greedy_csr(const Botan::Private_Key& key, const std::string& cn) {
    Botan::X509_Cert_Options opts;
    opts.common_name = cn;
    opts.dns = "web01.example.net";
    opts.ip = "192.0.2.10";
    opts.CA_key(5);
    opts.add_ex_constraint("PKIX.CodeSigning");
    return Botan::X509::create_cert_req(opts, key, "SHA-256", rng());
}
const core::TimePoint k_now = core::parse_time("2026-06-01T00:00:00Z");

struct Chain {
    std::unique_ptr<Botan::Private_Key> root_key = p256();
    ca::ProfileSet profiles;
    Botan::X509_Certificate root;
    Chain() {
        const auto issued = ca::CertificateIssuer::self_signed(profiles.get("root"), dn("Test Root"), *root_key, k_now,
                                                               std::nullopt, rng());
        root = Botan::X509_Certificate(issued.der);
    }
};
}  // namespace

TEST_SUITE("ca::CertificateIssuer") {
    TEST_CASE("serials are positive, 16 bytes, unique") {
        std::set<std::string> seen;
        for (int i = 0; i < 2000; ++i) {
            const auto s = ca::random_serial(rng());
            REQUIRE(s.size() == 16);
            CHECK((s[0] & 0x80) == 0);
            CHECK(s[0] >= 0x40);
            seen.insert(ca::serial_hex(s));
        }
        CHECK(seen.size() == 2000);
        CHECK(ca::normalize_serial("0x00:4A:bc") == "4abc");
        CHECK(ca::normalize_serial("abc") == "0abc");
        CHECK(ca::normalize_serial("zz") == "");
        CHECK(ca::normalize_serial("00") == "");
    }
    TEST_CASE("self-signed root: CA, no pathLen, SKI = AKI, signature verifies") {
        Chain c;
        CHECK(c.root.is_CA_cert());
        CHECK(c.root.path_limit() == Botan::Cert_Extension::NO_CERT_PATH_LIMIT);
        CHECK(c.root.is_self_signed());
        CHECK(c.root.check_signature(*c.root.load_subject_public_key()));
        CHECK(c.root.subject_key_id() == c.root.authority_key_id());
        CHECK(c.root.subject_key_id() == c.root.subject_public_key_bitstring_sha1());
        CHECK(c.root.not_after().to_std_timepoint() == k_now + std::chrono::hours(24 * 7300));
        CHECK_THROWS_AS(ca::CertificateIssuer::self_signed(c.profiles.get("sub-ca"), dn("x"), *c.root_key, k_now,
                                                           std::nullopt, rng()),
                        core::Error);
    }
    TEST_CASE("an adopted CA continues its serial sequence: first_serial, then one up per certificate") {
        Chain c;
        ca::CaSettings settings;
        settings.first_serial = {0x0f, 0xff};
        ca::CertificateIssuer issuer(c.root, *c.root_key, settings, rng());
        const ca::Profile& p = c.profiles.get("tls-server");
        const auto not_after = issuer.check(p, k_now, std::nullopt);
        const auto key = p256();
        const auto one = issuer.issue(p, ca::SubjectRequest::from_key(*key, dn("one")), k_now, not_after);
        CHECK(one.serial == "0fff");
        std::vector<std::string> serials(3);
        issuer.issue_each(
            p, 3, k_now,
            [&](std::size_t) { return ca::CertificateIssuer::Job{ca::SubjectRequest::from_key(*key, dn("many")), not_after}; },
            [&](std::size_t i, ca::IssuedCertificate&& cert) { serials[i] = cert.serial; });
        CHECK(serials == std::vector<std::string>{"0fff", "1000", "1001"});
        CHECK(Botan::X509_Certificate(one.der).serial_number() == std::vector<std::uint8_t>{0x0f, 0xff});
    }
    TEST_CASE("a greedy CSR gets only what the profile says") {
        Chain c;
        ca::CertificateIssuer issuer(c.root, *c.root_key, ca::CaSettings{"http://ca.example/root.crl", "", {}}, rng());
        const auto leaf_key = p256();
        const auto csr = greedy_csr(*leaf_key, "web01.example.net");
        const ca::Profile& p = c.profiles.get("tls-server");
        const auto not_after = issuer.check(p, k_now, std::nullopt);
        const auto issued = issuer.issue(p, ca::SubjectRequest::from_csr(csr), k_now, not_after);
        const Botan::X509_Certificate cert(issued.der);
        CHECK_FALSE(cert.is_CA_cert());
        CHECK(cert.constraints() == Botan::DIGITAL_SIGNATURE);
        REQUIRE(cert.extended_key_usage().size() == 1);
        CHECK(cert.extended_key_usage()[0] == Botan::OID("1.3.6.1.5.5.7.3.1"));
        CHECK(cert.subject_alt_name().get_attribute("DNS") == std::vector<std::string>{"web01.example.net"});
        CHECK(cert.subject_alt_name().get_attribute("IP") == std::vector<std::string>{"192.0.2.10"});
        CHECK(cert.authority_key_id() == c.root.subject_key_id());
        CHECK(cert.crl_distribution_point().find("http://ca.example/root.crl") != std::string::npos);
        CHECK(cert.check_signature(*c.root.load_subject_public_key()));
        CHECK(issued.serial.size() == 32);
        CHECK(issued.serial == Botan::hex_encode(cert.serial_number(), false));
        CHECK(cert.not_after().to_std_timepoint() == k_now + std::chrono::hours(24 * 397));
        CHECK(issued.subject == "CN=web01.example.net");
    }
    TEST_CASE("CA profiles drop SANs; copy-or-cn makes a DNS name from the CN") {
        Chain c;
        ca::CertificateIssuer issuer(c.root, *c.root_key, ca::CaSettings{}, rng());
        const auto key = p256();
        const auto sub = issuer.issue(c.profiles.get("sub-ca"), ca::SubjectRequest::from_csr(greedy_csr(*key, "Sub")),
                                      k_now, k_now + std::chrono::hours(24));
        const Botan::X509_Certificate sub_cert(sub.der);
        CHECK(sub_cert.subject_alt_name().get_attribute("DNS").empty());
        CHECK(sub_cert.path_limit() == 0);
        CHECK(sub_cert.crl_distribution_point().empty());
        const auto gui = issuer.issue(c.profiles.get("ssms-ssl"),
                                      ca::SubjectRequest::from_key(*key, dn("gui.example.net")), k_now,
                                      k_now + std::chrono::hours(24));
        CHECK(Botan::X509_Certificate(gui.der).subject_alt_name().get_attribute("DNS") ==
              std::vector<std::string>{"gui.example.net"});
    }
    TEST_CASE("lifetimes: capped by the issuer, explicit days checked") {
        Chain c;
        ca::CertificateIssuer root(c.root, *c.root_key, ca::CaSettings{}, rng());
        const ca::Profile& sub = c.profiles.get("sub-ca");
        CHECK(root.check(sub, k_now, 10) == k_now + std::chrono::hours(240));
        CHECK_THROWS_AS(root.check(sub, k_now, 0), core::Error);
        CHECK_THROWS_AS(root.check(sub, k_now, sub.max_days + 1), core::Error);
        // 7000 days from a root valid 7300 days, one year later: more than the root has left.
        CHECK_THROWS_AS(root.check(sub, k_now + std::chrono::hours(24 * 365), 7000), core::Error);
        // Without --days the default (3650) is cut to what the root has left.
        CHECK(root.check(sub, k_now + std::chrono::hours(24 * 7000), std::nullopt) ==
              c.root.not_after().to_std_timepoint());
    }
    TEST_CASE("refusals: expired CA, root profile, path length, forbidden key") {
        Chain c;
        ca::CertificateIssuer root(c.root, *c.root_key, ca::CaSettings{}, rng());
        CHECK_THROWS_AS(root.check(c.profiles.get("root"), k_now, std::nullopt), core::Error);
        CHECK_THROWS_AS(root.check(c.profiles.get("tls-server"), k_now + std::chrono::hours(24 * 7301), std::nullopt),
                        core::Error);
        const auto sub_key = p256();
        const auto sub = root.issue(c.profiles.get("sub-ca"), ca::SubjectRequest::from_key(*sub_key, dn("Sub")), k_now,
                                    k_now + std::chrono::hours(24 * 100));
        ca::CertificateIssuer sub_issuer(Botan::X509_Certificate(sub.der), *sub_key, ca::CaSettings{}, rng());
        try {
            sub_issuer.check(c.profiles.get("local-sub-ca"), k_now, std::nullopt);
            FAIL("a pathLen 0 CA issued a CA");
        } catch (const core::Error& e) {
            CHECK(e.code() == core::Errc::bad_input);
            CHECK(e.why().find("path length") != std::string::npos);
        }
        const auto sat_key = p256();
        const auto sat = root.issue(c.profiles.get("satellite"), ca::SubjectRequest::from_key(*sat_key, dn("Sat")),
                                    k_now, k_now + std::chrono::hours(24 * 100));
        ca::CertificateIssuer sat_issuer(Botan::X509_Certificate(sat.der), *sat_key, ca::CaSettings{}, rng());
        CHECK_NOTHROW(sat_issuer.check(c.profiles.get("local-sub-ca-1-1"), k_now, std::nullopt));
        CHECK_THROWS_AS(sat_issuer.check(c.profiles.get("satellite"), k_now, std::nullopt), core::Error);
        CHECK_THROWS_AS(ca::CertificateIssuer(Botan::X509_Certificate(sat.der), *sub_key, ca::CaSettings{}, rng()),
                        core::Error);  // key mismatch
        ca::ProfileSet custom;
        custom.load_text("[profiles.ec-only]\nbase = \"tls-client\"\nkey_types = [\"ec:secp384r1\"]\n", "t");
        CHECK_THROWS_AS(root.issue(custom.get("ec-only"), ca::SubjectRequest::from_key(*sat_key, dn("x")), k_now,
                                   k_now + std::chrono::hours(1)),
                        core::Error);
    }
}
