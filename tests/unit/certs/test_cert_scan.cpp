// tests/unit/certs/test_cert_scan.cpp — the DER walk: times, PEM with noise, DER, PKCS#7, bad input.
#include "lib/certs/cert_scan.h"

#include "lib/core/rfc3339.h"
#include "tests/unit/test_dir.h"

#include <botan/auto_rng.h>
#include <botan/base64.h>
#include <botan/der_enc.h>
#include <botan/ec_group.h>
#include <botan/ecdsa.h>
#include <botan/hash.h>
#include <botan/hex.h>
#include <botan/x509self.h>
#include <doctest/doctest.h>
#include <cstring>
#include <fstream>

using namespace certctl;

namespace {
// Botan (not certctl) makes the certificates.
Botan::X509_Certificate make_cert(const std::string& cn, const char* not_before, const char* not_after) {
    static Botan::AutoSeeded_RNG rng;
    static Botan::ECDSA_PrivateKey key(rng, Botan::EC_Group("secp256r1"));
    Botan::X509_Cert_Options opts(cn);
    opts.start = Botan::X509_Time(core::parse_time(not_before));
    opts.end = Botan::X509_Time(core::parse_time(not_after));
    return Botan::X509::create_self_signed_cert(opts, key, "SHA-256", rng);
}

std::string as_string(const std::vector<std::uint8_t>& v) { return std::string(v.begin(), v.end()); }

bool time_of(const char* text, std::uint8_t tag, std::int64_t& out) {
    return core::parse_asn1_time(tag, reinterpret_cast<const std::uint8_t*>(text), std::strlen(text), out);
}

std::vector<std::uint8_t> p7_of(const std::vector<Botan::X509_Certificate>& certs) {
    std::vector<std::uint8_t> out;
    Botan::DER_Encoder enc(out);
    enc.start_cons(Botan::SEQUENCE)
        .encode(Botan::OID("1.2.840.113549.1.7.2"))
        .start_cons(Botan::ASN1_Tag(0), Botan::ASN1_Tag(Botan::CONSTRUCTED | Botan::CONTEXT_SPECIFIC))
        .start_cons(Botan::SEQUENCE)
        .encode(static_cast<size_t>(1))
        .start_cons(Botan::SET).end_cons()
        .start_cons(Botan::SEQUENCE).encode(Botan::OID("1.2.840.113549.1.7.1")).end_cons()
        .start_cons(Botan::ASN1_Tag(0), Botan::ASN1_Tag(Botan::CONSTRUCTED | Botan::CONTEXT_SPECIFIC));
    for (const auto& c : certs) {
        enc.raw_bytes(c.BER_encode());
    }
    enc.end_cons().start_cons(Botan::SET).end_cons().end_cons().end_cons().end_cons();
    return out;
}
}  // namespace

TEST_SUITE("certs::cert_scan") {
    TEST_CASE("ASN.1 times: UTCTime pivots at 50, GeneralizedTime, malformed values refused") {
        std::int64_t t = 0;
        CHECK(time_of("491231235959Z", 0x17, t));
        CHECK(t == core::to_unix(core::parse_time("2049-12-31T23:59:59Z")));
        CHECK(time_of("500101000000Z", 0x17, t));
        CHECK(t == core::to_unix(core::parse_time("1950-01-01T00:00:00Z")));
        CHECK(time_of("20500101000000Z", 0x18, t));
        CHECK(t == core::to_unix(core::parse_time("2050-01-01T00:00:00Z")));
        CHECK(time_of("99991231235959Z", 0x18, t));  // "no expiry": parsed, clamped by the scan
        CHECK_FALSE(time_of("491231235959", 0x17, t));
        CHECK_FALSE(time_of("4912312359Z", 0x17, t));
        CHECK_FALSE(time_of("491332235959Z", 0x17, t));
        CHECK_FALSE(time_of("20500101000000+0100", 0x18, t));
        CHECK_FALSE(time_of("491231235959Z", 0x18, t));
    }

    TEST_CASE("PEM bundle with text around, other blocks ignored; fields match Botan's reading") {
        const auto a = make_cert("alpha", "2026-01-01T00:00:00Z", "2027-01-01T12:34:56Z");
        const auto b = make_cert("beta", "2026-02-01T00:00:00Z", "2028-01-01T00:00:00Z");
        const std::string text = "subject=alpha\n" + a.PEM_encode() + "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n" +
                                 "\r\n" + b.PEM_encode();
        const auto r = certs::scan_bytes(text, true);
        CHECK_FALSE(r.problem);
        REQUIRE(r.certs.size() == 2);
        CHECK(r.certs[0].subject_cn == "alpha");
        CHECK(r.certs[1].subject_cn == "beta");
        CHECK(r.certs[0].not_after == core::parse_time("2027-01-01T12:34:56Z"));
        CHECK(r.certs[0].not_before == core::parse_time("2026-01-01T00:00:00Z"));
        CHECK(r.certs[0].serial == Botan::hex_encode(a.serial_number(), false));
        CHECK(r.certs[0].fingerprint == Botan::hex_encode(Botan::HashFunction::create("SHA-256")->process(a.BER_encode()), false));
        CHECK(r.certs[0].issuer_der == a.raw_issuer_dn());
        CHECK(r.certs[0].serial_bytes == a.serial_number());
        CHECK(r.certs[0].der.empty());
        CHECK(certs::scan_bytes(text, false, true).certs[1].der == b.BER_encode());
    }

    TEST_CASE("DER certificate and DER/PEM PKCS#7 bundles") {
        const auto a = make_cert("alpha", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z");
        const auto b = make_cert("beta", "2026-01-01T00:00:00Z", "2027-06-01T00:00:00Z");
        const auto der = certs::scan_bytes(as_string(a.BER_encode()), false);
        REQUIRE(der.certs.size() == 1);
        CHECK(der.certs[0].subject_cn == "alpha");
        const auto p7 = p7_of({a, b});
        const auto r = certs::scan_bytes(as_string(p7), false);
        REQUIRE(r.certs.size() == 2);
        CHECK(r.certs[1].subject_cn == "beta");
        const std::string pem = "-----BEGIN PKCS7-----\n" + Botan::base64_encode(p7) + "\n-----END PKCS7-----\n";
        CHECK(certs::scan_bytes(pem, false).certs.size() == 2);
        CHECK(certs::scan_bytes(as_string(p7_of({})), false).certs.empty());
        CHECK_FALSE(certs::scan_bytes(as_string(p7_of({})), false).problem);
    }

    TEST_CASE("bad input is a problem, never a throw") {
        const auto a = make_cert("alpha", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z");
        auto der = a.BER_encode();
        CHECK(certs::scan_bytes("", false).problem);
        CHECK(certs::scan_bytes("hello world\n", false).problem);
        CHECK(certs::scan_bytes(as_string(std::vector<std::uint8_t>(der.begin(), der.begin() + 100)), false).problem);
        der[1] = 0x85;  // a length of length 5: refused
        CHECK(certs::scan_bytes(as_string(der), false).problem);
        const std::string pem = a.PEM_encode();
        std::string broken = pem;
        broken[40] = '*';
        const auto r = certs::scan_bytes(broken + pem, false);
        CHECK(r.certs.size() == 1);
        REQUIRE(r.problem);
        CHECK(*r.problem == "1 of 2 PEM blocks could not be decoded");
        CHECK(certs::scan_bytes("-----BEGIN CERTIFICATE-----\nAAAA", false).problem);
        CHECK(certs::scan_bytes("-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n", false).problem);
    }

    TEST_CASE("paths: directories recursively and sorted, problems per path") {
        const auto dir = test::case_dir("scan-paths");
        std::filesystem::create_directories(dir / "b" / "c");
        const auto a = make_cert("alpha", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z");
        std::ofstream(dir / "b" / "c" / "z.pem") << a.PEM_encode();
        std::ofstream(dir / "a.txt") << "not a certificate";
        std::filesystem::create_symlink(dir / "nowhere", dir / "b" / "dangling.pem");
        const auto files = certs::scan_paths({dir, dir / "missing.pem"}, false);
        REQUIRE(files.size() == 4);
        CHECK(files[0].path == dir / "a.txt");
        CHECK(files[0].result.problem);
        CHECK(files[1].path == dir / "b" / "c" / "z.pem");
        CHECK(files[1].result.certs.size() == 1);
        CHECK(files[2].result.problem == std::optional<std::string>("dangling symbolic link"));
        CHECK(files[3].path == dir / "missing.pem");
        CHECK(files[3].result.problem);
    }
}
