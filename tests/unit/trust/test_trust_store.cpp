// tests/unit/trust/test_trust_store.cpp — buckets of the add report, modes, FIPS, export, remove; the probe's verdicts.
#include "lib/certs/pkcs7.h"
#include "lib/core/error.h"
#include "lib/core/rfc3339.h"
#include "lib/trust/fips.h"
#include "lib/trust/tls_probe.h"
#include "lib/trust/trust_store.h"
#include "tests/unit/certs/test_pki.h"
#include "tests/unit/test_dir.h"
#include "tests/unit/test_helpers.h"

#include <doctest/doctest.h>
#include <fstream>

using namespace certctl;
using test::write;

TEST_SUITE("trust::TrustStore") {
    const core::TimePoint now = core::parse_time("2026-06-01T00:00:00Z");

    TEST_CASE("buckets partition the input; strict refuses, warn installs the rest") {
        const auto dir = test::case_dir("trust-add");
        storage::Database db(dir / "certctl.db", true);
        core::FixedClock clock(now);
        trust::TrustStore store(db, clock);
        const test::Issued a = test::issue({"a", true}, nullptr, now);
        test::CertSpec old_spec("old", true);
        old_spec.not_before = std::chrono::hours(-24 * 400);
        old_spec.not_after = std::chrono::hours(-24);
        const test::Issued old = test::issue(old_spec, nullptr, now);
        const test::Issued leaf = test::issue({"leaf"}, &a, now);
        const std::string file = write(dir, "in.pem", a.cert.PEM_encode() + old.cert.PEM_encode() + leaf.cert.PEM_encode() +
                                                          a.cert.PEM_encode());
        const auto strict = store.add("b", {file}, std::nullopt, certs::ValidationMode::strict, false);
        CHECK(strict.refused);
        CHECK(strict.attempted == 4);
        CHECK(strict.installed == 0);  // refused: nothing was installed
        CHECK(strict.would_install == 1);
        CHECK(strict.entries[0].outcome == trust::Outcome::would_install);
        CHECK(strict.duplicates == 1);
        CHECK(strict.expired == 1);
        CHECK(strict.rejected == 1);
        CHECK_FALSE(store.find("b").has_value());
        const auto warn = store.add("b", {file}, certs::ValidationMode::warn, certs::ValidationMode::strict, false);
        CHECK_FALSE(warn.refused);
        CHECK(warn.installed == 2);  // the non-CA is installed with a warning in warn mode
        CHECK(warn.would_install == 2);
        CHECK(warn.expired == 1);
        CHECK(store.certificates("b").size() == 2);
        CHECK(store.find("b")->validation_mode == "warn");
        const auto again = store.add("b", {file}, std::nullopt, certs::ValidationMode::strict, false);
        CHECK(again.duplicates == 3);  // the bundle's mode (warn) applies
        CHECK(again.mode == "warn");
    }
    TEST_CASE("export as PKCS#7 reads back; remove one or all") {
        const auto dir = test::case_dir("trust-export");
        storage::Database db(dir / "certctl.db", true);
        core::FixedClock clock(now);
        trust::TrustStore store(db, clock);
        const test::Issued a = test::issue({"a", true}, nullptr, now);
        const test::Issued b = test::issue({"b", true}, nullptr, now);
        store.add("lab", {write(dir, "ab.pem", a.cert.PEM_encode() + b.cert.PEM_encode())}, std::nullopt,
                  certs::ValidationMode::strict, false);
        const auto p7 = certs::read_pkcs7(store.export_p7b("lab"), "export");
        CHECK(p7.certificates.size() == 2);
        CHECK(store.export_pem("lab").find("# CN=a") != std::string::npos);
        store.remove_certificate("lab", certs::fingerprint_sha256(a.cert));
        CHECK(store.anchors("lab").size() == 1);
        CHECK_THROWS_AS(store.remove_certificate("lab", "00"), core::Error);
        store.remove("lab");
        CHECK_THROWS_AS(store.certificates("lab"), core::Error);
        CHECK(store.list().empty());
    }
    TEST_CASE("FIPS filter") {
        certs::CertSummary s;
        s.signature_hash = "SHA-256";
        s.key_algorithm = "RSA";
        s.key_bits = 2048;
        CHECK_FALSE(trust::fips_violation(s).has_value());
        s.key_bits = 1024;
        CHECK(trust::fips_violation(s)->find("1024 bits") != std::string::npos);
        s.key_bits = 4096;
        s.signature_hash = "SHA-1";
        CHECK(trust::fips_violation(s)->find("SHA-1") != std::string::npos);
        s.signature_hash = "MD5";
        CHECK(trust::fips_violation(s).has_value());
    }
}

TEST_SUITE("trust::tls_probe") {
    const core::TimePoint now = core::parse_time("2026-06-01T00:00:00Z");
    TEST_CASE("URLs") {
        const auto t = trust::parse_probe_url("https://example.net:8443/x", "");
        CHECK(t.host == "example.net");
        CHECK(t.port == 8443);
        CHECK(t.servername == "example.net");
        CHECK(trust::parse_probe_url("https://[::1]:443", "svc").host == "::1");
        CHECK(trust::parse_probe_url("https://a", "").port == 443);
        CHECK_THROWS_AS(trust::parse_probe_url("http://a", ""), core::Error);
        CHECK_THROWS_AS(trust::parse_probe_url("https://a:99999", ""), core::Error);
        CHECK_THROWS_AS(trust::parse_probe_url("https://:1", ""), core::Error);
    }
    TEST_CASE("verdicts") {
        const test::Issued root = test::issue({"root", true}, nullptr, now);
        const test::Issued inter = test::issue({"int", true}, &root, now);
        test::CertSpec spec("web");
        spec.dns = {"web01.example.net"};
        spec.ekus = {test::k_server_auth};
        const test::Issued web = test::issue(spec, &inter, now);
        const auto judge = [&](const std::vector<Botan::X509_Certificate>& chain, const std::string& host) {
            return trust::judge_chain(chain, {root.cert}, "lab", host, now, false);
        };
        CHECK(judge({web.cert, inter.cert}, "web01.example.net").kind == "trusted");
        CHECK(judge({web.cert}, "web01.example.net").kind == "incomplete_chain");
        CHECK(judge({web.cert, inter.cert}, "other.example.net").kind == "name_mismatch");
        const test::Issued root2 = test::issue({"root2", true}, nullptr, now);
        const test::Issued int2 = test::issue({"int2", true}, &root2, now);
        const test::Issued web2 = test::issue(spec, &int2, now);
        const auto unknown = judge({web2.cert, int2.cert}, "web01.example.net");
        CHECK(unknown.kind == "unknown_issuer");
        CHECK(unknown.line.find("CN=root2") != std::string::npos);
        CHECK(trust::judge_chain({web.cert, inter.cert}, {root.cert}, "lab", "web01.example.net",
                                 now + std::chrono::hours(24 * 400), false)
                  .kind == "expired");
    }
}
