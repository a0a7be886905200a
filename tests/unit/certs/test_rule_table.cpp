// tests/unit/certs/test_rule_table.cpp — the host name matcher's wildcard and public-suffix rules, and the rule
// table's codes (stable, unique, each with a source section).
#include "lib/certs/hostname_match.h"
#include "lib/certs/profile.h"
#include "lib/certs/rfc5280_checks.h"
#include "lib/core/error.h"

#include <doctest/doctest.h>
#include <set>
#include <string>

using namespace certctl;
using certs::Profile;

TEST_SUITE("certs::hostname_match") {
    TEST_CASE("exact names match without regard to case or a trailing dot") {
        CHECK(certs::dns_pattern_matches("www.example.com", "WWW.Example.com.", Profile::rfc5280));
        CHECK_FALSE(certs::dns_pattern_matches("www.example.com", "example.com", Profile::rfc5280));
    }
    TEST_CASE("a wildcard is the whole leftmost label and matches exactly one label") {
        CHECK(certs::dns_pattern_matches("*.example.com", "a.example.com", Profile::webpki));
        CHECK_FALSE(certs::dns_pattern_matches("*.example.com", "a.b.example.com", Profile::webpki));
        CHECK_FALSE(certs::dns_pattern_matches("*.example.com", "example.com", Profile::webpki));
        CHECK_FALSE(certs::dns_pattern_matches("w*.example.com", "www.example.com", Profile::rfc5280));
        CHECK_FALSE(certs::dns_pattern_matches("www.*.com", "www.example.com", Profile::rfc5280));
        CHECK_FALSE(certs::dns_pattern_matches("*", "localhost", Profile::rfc5280));
        CHECK_FALSE(certs::dns_pattern_matches("*.com", "example.com", Profile::rfc5280));
    }
    TEST_CASE("under webpki a wildcard never spans a public suffix") {
        CHECK(certs::is_public_suffix("com"));
        CHECK(certs::is_public_suffix("co.uk"));
        CHECK_FALSE(certs::is_public_suffix("example.co.uk"));
        CHECK_FALSE(certs::dns_pattern_matches("*.co.uk", "example.co.uk", Profile::webpki));
        CHECK(certs::dns_pattern_matches("*.example.co.uk", "www.example.co.uk", Profile::webpki));
    }
    TEST_CASE("non-ASCII names never match") {
        CHECK_FALSE(
            certs::dns_pattern_matches("b\xc3\xbc"
                                       "cher.example",
                                       "b\xc3\xbc"
                                       "cher.example",
                                       Profile::rfc5280));
    }
}

TEST_SUITE("certs::rule_table") {
    TEST_CASE("codes are unique snake_case and every rule names its source and profile") {
        std::set<std::string> codes;
        for (const certs::RuleRow& r : certs::rule_table()) {
            const std::string code = r.code;
            CHECK(codes.insert(code).second);
            CHECK(code.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos);
            CHECK(std::string(r.source).size() > 6);
            const std::string profiles = r.profiles;
            CHECK((profiles == "all" || profiles == "rfc5280" || profiles == "webpki"));
        }
        CHECK(codes.count("aki_missing") == 1);
    }
    TEST_CASE("profiles parse by name and refuse anything else") {
        CHECK(certs::parse_profile("webpki") == Profile::webpki);
        CHECK(certs::parse_profile("rfc5280") == Profile::rfc5280);
        CHECK_THROWS_AS(certs::parse_profile("strict"), core::Error);
        CHECK(certs::k_default_profile == Profile::rfc5280);
    }
}
