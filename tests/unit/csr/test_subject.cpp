// tests/unit/csr/test_subject.cpp — subject and SAN checks, and their encodings.
#include "lib/core/error.h"
#include "lib/csr/subject.h"
#include "lib/csr/subject_alt_names.h"
#include "lib/csr/utf8.h"
#include "tests/unit/test_helpers.h"

#include <doctest/doctest.h>

using namespace certctl;
using test::code_of;

TEST_SUITE("csr::Subject") {
    TEST_CASE("a full subject validates, upper-cases C and keeps OpenSSL's order") {
        csr::Subject s{"web01.example.net", "de", "Bayern", "München", "Example, Inc.", "IT", "ops@example.net"};
        s.validate();
        CHECK(s.country == "DE");
        CHECK(csr::dn_to_string(s.to_dn()) ==
              "C=DE, ST=Bayern, L=München, O=Example\\, Inc., OU=IT, CN=web01.example.net, emailAddress=ops@example.net");
        const csr::Subject back = csr::Subject::from_dn(s.to_dn());
        CHECK(back.organization == "Example, Inc.");
        CHECK(back.email == "ops@example.net");
        CHECK(csr::Subject::from_json(s.to_json()).locality == "München");
    }
    TEST_CASE("refusals are usage errors") {
        const auto bad = [](csr::Subject s) { return code_of([&] { s.validate(); }); };
        CHECK(bad(csr::Subject{}) == core::Errc::usage);
        CHECK(bad(csr::Subject{"   ", "", "", "", "", "", ""}) == core::Errc::usage);
        CHECK(bad(csr::Subject{"x", "DEU", "", "", "", "", ""}) == core::Errc::usage);
        CHECK(bad(csr::Subject{"x", "D", "", "", "", "", ""}) == core::Errc::usage);
        CHECK(bad(csr::Subject{"x", "1A", "", "", "", "", ""}) == core::Errc::usage);
        CHECK(bad(csr::Subject{std::string(65, 'a'), "", "", "", "", "", ""}) == core::Errc::usage);
        CHECK(bad(csr::Subject{"x", "", "", "", "", "", "no-at-sign"}) == core::Errc::usage);
        CHECK(bad(csr::Subject{"x", "", "", "", "a\nb", "", ""}) == core::Errc::usage);
        CHECK(bad(csr::Subject{std::string(64, 'a'), "", "", "", "", "", ""}) == core::Errc::internal);  // ok
    }

    TEST_CASE("upper bounds count characters, not bytes (RFC 5280 ub-common-name 64, ub-organization-name 64)") {
        const auto bad = [](csr::Subject s) { return code_of([&] { s.validate(); }); };
        std::string e_acute_33, e_acute_64, e_acute_65;
        for (int i = 0; i < 33; ++i) {
            e_acute_33 += "\xC3\xA9";  // é: two bytes, one character
        }
        for (int i = 0; i < 64; ++i) {
            e_acute_64 += "\xC3\xA9";
        }
        e_acute_65 = e_acute_64 + "\xC3\xA9";
        CHECK(bad(csr::Subject{e_acute_33, "", "", "", e_acute_33, "", ""}) == core::Errc::internal);  // ok
        CHECK(bad(csr::Subject{e_acute_64, "", "", "", "", "", ""}) == core::Errc::internal);          // ok
        CHECK(bad(csr::Subject{"x", "", "", "", e_acute_64, "", ""}) == core::Errc::internal);         // ok
        CHECK(bad(csr::Subject{e_acute_65, "", "", "", "", "", ""}) == core::Errc::usage);
        CHECK(bad(csr::Subject{"x", "", "", "", e_acute_65, "", ""}) == core::Errc::usage);
        CHECK(csr::utf8_length("\xE2\x82\xAC\xF0\x9F\x94\x91" "a") == 3);  // €, 🔑, a
    }
}

TEST_SUITE("csr::SubjectAltNames") {
    TEST_CASE("normalises, drops duplicates and round-trips IPv4 and IPv6") {
        csr::SubjectAltNames s;
        s.dns = {"WEB01.example.net", "web01.example.net", "*.example.net"};
        s.ip = {"192.0.2.10", "2001:DB8:0::10", "2001:db8::10"};
        s.validate();
        CHECK(s.dns == std::vector<std::string>{"web01.example.net", "*.example.net"});
        CHECK(s.ip == std::vector<std::string>{"192.0.2.10", "2001:db8::10"});
        const auto back = csr::SubjectAltNames::decode(s.encode(), "t");
        CHECK(back.dns == s.dns);
        CHECK(back.ip == s.ip);
        CHECK(back.to_string() == "DNS:web01.example.net, DNS:*.example.net, IP:192.0.2.10, IP:2001:db8::10");
    }
    TEST_CASE("bad DNS names and addresses are usage errors") {
        for (const char* d : {"", "bad_name", "-x.example", "x-.example", "a..b", "x.*.example", "*", "a b"}) {
            CAPTURE(d);
            csr::SubjectAltNames s;
            s.dns = {d};
            CHECK(code_of([&] { s.validate(); }) == core::Errc::usage);
        }
        for (const char* a : {"300.1.1.1", "1.2.3", "fe80::1::2", "example.net", ""}) {
            CAPTURE(a);
            csr::SubjectAltNames s;
            s.ip = {a};
            CHECK(code_of([&] { s.validate(); }) == core::Errc::usage);
        }
    }
}
