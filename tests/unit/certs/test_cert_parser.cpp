// tests/unit/certs/test_cert_parser.cpp — formats in, private keys refused, bad input named.
#include "lib/certs/cert_parser.h"
#include "lib/certs/pkcs7.h"
#include "lib/core/error.h"
#include "lib/core/rfc3339.h"
#include "tests/unit/certs/test_pki.h"

#include <botan/base64.h>
#include <botan/pkcs8.h>
#include <doctest/doctest.h>

using namespace certctl;

namespace {
std::string str(const std::vector<std::uint8_t>& v) { return std::string(v.begin(), v.end()); }

std::string why_refused(const std::string& bytes) {
    try {
        certs::read_certificate_file(bytes, "input");
    } catch (const core::Error& e) {
        CHECK(e.code() == core::Errc::bad_input);
        CHECK(e.subject() == "input");
        return e.why();
    }
    return "";
}
}  // namespace

TEST_SUITE("certs::cert_parser") {
    const core::TimePoint now = core::parse_time("2026-06-01T00:00:00Z");
    // Made on first use, not at static initialisation: with Botan linked statically (-Dstatic_deps) its
    // own globals (the signature paddings allowed per algorithm) may not be initialised yet then.
    static const test::Issued& root() {
        static const test::Issued issued = test::issue({"root", true}, nullptr, now);
        return issued;
    }
    static const test::Issued& leaf() {
        static const test::Issued issued = test::issue({"leaf"}, &root(), now);
        return issued;
    }

    TEST_CASE("PEM with many certificates, in file order") {
        const auto certs = certs::parse_certificates("junk before\n" + leaf().cert.PEM_encode() + root().cert.PEM_encode(), "f");
        REQUIRE(certs.size() == 2);
        CHECK(certs[0] == leaf().cert);
        CHECK(certs[1] == root().cert);
        CHECK(certs::read_certificate_file(leaf().cert.PEM_encode(), "f").format == "pem");
    }
    TEST_CASE("DER") {
        const auto file = certs::read_certificate_file(str(leaf().cert.BER_encode()), "f");
        CHECK(file.format == "der");
        REQUIRE(file.items.size() == 1);
        CHECK(*file.items[0].cert == leaf().cert);
    }
    TEST_CASE("PKCS#7 DER and PEM, certificates only") {
        const auto p7 = certs::write_pkcs7({leaf().cert.BER_encode(), root().cert.BER_encode()});
        const auto der = certs::read_certificate_file(str(p7), "f");
        CHECK(der.format == "pkcs7-der");
        CHECK(der.items.size() == 2);
        const std::string pem = "-----BEGIN PKCS7-----\n" + Botan::base64_encode(p7) + "\n-----END PKCS7-----\n";
        const auto p = certs::read_certificate_file(pem, "f");
        CHECK(p.format == "pkcs7-pem");
        CHECK(*p.items[1].cert == root().cert);
    }
    TEST_CASE("a truncated PKCS#7 is refused, naming the file") {
        const auto p7 = certs::write_pkcs7({leaf().cert.BER_encode()});
        const std::string cut = str(std::vector<std::uint8_t>(p7.begin(), p7.begin() + static_cast<long>(p7.size() / 2)));
        CHECK(why_refused(cut).find("truncated") != std::string::npos);
    }
    TEST_CASE("private keys are refused first, in every encoding") {
        const test::Issued k = test::issue({"k"}, nullptr, now);
        CHECK(why_refused(leaf().cert.PEM_encode() + Botan::PKCS8::PEM_encode(*k.key)) == certs::k_private_key_reason);
        CHECK(why_refused(str(Botan::unlock(Botan::PKCS8::BER_encode(*k.key)))) == certs::k_private_key_reason);
        CHECK(why_refused(str(Botan::PKCS8::BER_encode(*k.key, test::rng(), "pass", std::chrono::milliseconds(10)))) ==
              certs::k_private_key_reason);
        CHECK(why_refused("-----BEGIN RSA PRIVATE KEY-----\nxx\n-----END RSA PRIVATE KEY-----\n") ==
              certs::k_private_key_reason);
        CHECK_FALSE(certs::contains_private_key(str(leaf().cert.BER_encode())));
    }
    TEST_CASE("a DER key appended to a DER certificate is refused (concatenated DER objects)") {
        const test::Issued k = test::issue({"k"}, nullptr, now);
        const std::string cert = str(leaf().cert.BER_encode());
        CHECK(why_refused(cert + str(Botan::unlock(Botan::PKCS8::BER_encode(*k.key)))) == certs::k_private_key_reason);
        CHECK(why_refused(cert +
                          str(Botan::PKCS8::BER_encode(*k.key, test::rng(), "pass", std::chrono::milliseconds(10)))) ==
              certs::k_private_key_reason);
        CHECK(why_refused(cert + str(root().cert.BER_encode()) + str(Botan::unlock(Botan::PKCS8::BER_encode(*k.key)))) ==
              certs::k_private_key_reason);
        CHECK_FALSE(certs::contains_private_key(cert + str(root().cert.BER_encode())));
    }
    TEST_CASE("empty, garbage, truncated PEM, no certificate") {
        CHECK(why_refused("") == "the file is empty");
        CHECK(why_refused("\n \n") == "the file is empty");
        CHECK(why_refused("hello world").find("not PEM, DER or PKCS#7") != std::string::npos);
        const std::string pem = leaf().cert.PEM_encode();
        CHECK(why_refused(pem.substr(0, pem.size() / 2)).find("truncated PEM") != std::string::npos);
        CHECK(why_refused("-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n") == "no certificate found in the file");
    }
    TEST_CASE("a broken block is an item with an error, the rest still parse") {
        const std::string bad = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        const auto file = certs::read_certificate_file(bad + root().cert.PEM_encode(), "f");
        REQUIRE(file.items.size() == 2);
        CHECK_FALSE(file.items[0].cert.has_value());
        CHECK(file.items[0].where == "certificate 1");
        CHECK(file.items[1].cert.has_value());
        CHECK_THROWS_AS(certs::parse_certificates(bad + root().cert.PEM_encode(), "f"), core::Error);
    }
}
