// tests/unit/certs/test_cert_summary.cpp — summaries in the contract's shapes; the purpose table.
#include "lib/certs/cert_facts.h"
#include "lib/certs/cert_summary.h"
#include "lib/certs/cert_time.h"
#include "lib/certs/purpose.h"
#include "lib/core/error.h"
#include "lib/core/rfc3339.h"
#include "tests/unit/certs/test_pki.h"

#include <doctest/doctest.h>
#include <set>

using namespace certctl;

TEST_SUITE("certs::CertSummary") {
    const core::TimePoint now = core::parse_time("2026-06-01T00:00:00Z");
    TEST_CASE("fields: serial lower hex, RFC 3339 dates, SHA-256 fingerprint, extensions") {
        const test::Issued root = test::issue({"root", true}, nullptr, now);
        test::CertSpec spec{"web01"};
        spec.ekus = {test::k_server_auth};
        spec.dns = {"web01.example.net"};
        const test::Issued leaf = test::issue(spec, &root, now);
        const certs::CertSummary s = certs::summarize(leaf.cert);
        CHECK(s.subject == "CN=web01");
        CHECK(s.issuer == "CN=root");
        CHECK(s.issuer_slash == "/CN=root");
        CHECK(s.common_name == "web01");
        CHECK(s.serial == Botan::hex_encode(leaf.cert.serial_number(), false));
        CHECK(s.not_before == "2026-05-31T00:00:00Z");
        CHECK(s.fingerprint.size() == 64);
        CHECK(s.fingerprint.find_first_not_of("0123456789abcdef") == std::string::npos);
        CHECK(s.key_usage == std::vector<std::string>{"digitalSignature"});
        CHECK(s.extended_key_usage == std::vector<std::string>{"serverAuth"});
        CHECK(s.subject_alt_names == std::vector<std::string>{"DNS:web01.example.net"});
        CHECK(s.crl_urls.empty());
        CHECK_FALSE(s.is_ca);
        CHECK(s.key_algorithm == "ECDSA");
        CHECK(s.signature_hash == "SHA-256");
        const certs::CertSummary r = certs::summarize(root.cert);
        CHECK(r.is_ca);
        CHECK(r.path_len == 1u);
        CHECK(r.self_signed);
        CHECK(certs::to_json(s)["fingerprint"] == s.fingerprint);
    }
    TEST_CASE("ASN.1 times of every year: Botan's own conversion throws from 2400, certctl's saturates") {
        const Botan::X509_Time y2500("25000101000000Z", Botan::GENERALIZED_TIME);
        CHECK_THROWS(y2500.to_std_timepoint());  // the defect this guards against, in Botan 2.19
        CHECK(certs::time_rfc3339(y2500) == "2500-01-01T00:00:00Z");
        CHECK(certs::time_point(y2500) == core::TimePoint::max());
        // (RFC 5280's "no expiry" 99991231235959Z cannot be tested here: Botan 2.19's X509_Time refuses to
        // hold it at all, so no certificate carrying it gets as far as certctl's conversion.)
        const Botan::X509_Time y2300("23000101000000Z", Botan::GENERALIZED_TIME);  // past the clock's 2262
        CHECK(certs::time_point(y2300) == core::TimePoint::max());
        const Botan::X509_Time y1960("600101000000Z", Botan::UTC_TIME);  // before 1970: Botan throws too
        CHECK(core::to_unix(certs::time_point(y1960)) == -315619200);
        const Botan::X509_Time y2030("300101000000Z", Botan::UTC_TIME);
        CHECK(certs::time_point(y2030) == y2030.to_std_timepoint());
        CHECK(core::to_unix(certs::time_point(y2030)) == 1893456000);
    }
    TEST_CASE("dates are inclusive at both ends (RFC 5280 4.1.2.5)") {
        const test::Issued c = test::issue({"c"}, nullptr, now);
        const core::TimePoint end = now + std::chrono::hours(24 * 365);
        CHECK_FALSE(certs::expired(c.cert, end));
        CHECK(certs::expired(c.cert, end + std::chrono::seconds(1)));
        CHECK_FALSE(certs::not_yet_valid(c.cert, now - std::chrono::hours(24)));
        CHECK(certs::not_yet_valid(c.cert, now - std::chrono::hours(24) - std::chrono::seconds(1)));
    }
}

TEST_SUITE("certs::Purpose") {
    TEST_CASE("every row is complete and names are unique") {
        std::set<std::string> names;
        for (const certs::Purpose& p : certs::purposes()) {
            CHECK(names.insert(p.name).second);
            CHECK(std::string(p.description).size() > 3);
            CHECK(&certs::find_purpose(p.name) == &p);
        }
        CHECK(names.count("any") == 1);
        CHECK_THROWS_AS(certs::find_purpose("banana"), core::Error);
    }
    TEST_CASE("role findings") {
        certs::CertSummary s;
        s.key_usage = {"digitalSignature"};
        s.extended_key_usage = {"clientAuth"};
        CHECK(certs::role_findings(s, certs::find_purpose("tls-client")).empty());
        const auto f = certs::role_findings(s, certs::find_purpose("tls-server"));
        REQUIRE(f.size() == 1);
        CHECK(f[0] == "extended key usage lacks serverAuth (has clientAuth)");
        CHECK(certs::role_findings(s, certs::find_purpose("ca")).size() == 2);
        s.is_ca = true;
        CHECK(certs::role_findings(s, certs::find_purpose("tls-client")).size() == 1);
        CHECK(certs::role_findings(s, certs::find_purpose("any")).empty());
        CHECK(certs::purpose_description(s, certs::find_purpose("any")) == "TLS Web Client Authentication");
    }
}

TEST_SUITE("certs::read_cert_facts") {
    TEST_CASE("agrees with the full summary") {
        const core::TimePoint now = core::parse_time("2026-06-01T00:00:00Z");
        const test::Issued root = test::issue({"root", true}, nullptr, now);
        const test::Issued leaf = test::issue({"leaf"}, &root, now);
        for (const auto* c : {&root.cert, &leaf.cert}) {
            const certs::CertSummary s = certs::summarize(*c);
            const certs::CertFacts f = certs::read_cert_facts(c->BER_encode());
            CHECK(f.fingerprint == s.fingerprint);
            CHECK(f.subject == s.subject);
            CHECK(f.not_before_text == s.not_before);
            CHECK(f.not_after_text == s.not_after);
            CHECK(f.is_ca == s.is_ca);
            CHECK(f.has_basic_constraints == s.has_basic_constraints);
            CHECK(f.signature_hash == s.signature_hash);
            CHECK(f.key_algorithm == s.key_algorithm);
            CHECK(f.key_bits == s.key_bits);
        }
        CHECK(certs::read_cert_facts(root.cert.BER_encode()).self_issued);
        CHECK((*certs::read_cert_facts(root.cert.BER_encode()).key_usage & Botan::KEY_CERT_SIGN) != 0);
        CHECK_THROWS_AS(certs::read_cert_facts({0x30, 0x03, 0x02, 0x01, 0x00}), core::Error);
    }
}
