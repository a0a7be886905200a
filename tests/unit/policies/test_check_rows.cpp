// tests/unit/policies/test_check_rows.cpp — check_rows judges rows on several threads: the report keeps the
// rows' order and says for each exactly what judging it alone says; a trust bundle that is gone is the reason
// of every row that names it, however many ask.
#include "policies/check.h"
#include "policies/role_check.h"

#include "lib/ca/local_ca.h"
#include "lib/core/error.h"
#include "lib/core/rfc3339.h"
#include "lib/keys/key_store.h"
#include "lib/core/atomic_file.h"
#include "lib/trust/trust_store.h"

#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Database.h>
#include <botan/x509cert.h>
#include "tests/unit/issued_store.h"

#include <doctest/doctest.h>

using namespace certctl;

namespace {
// A store with one root CA and `n` 30-day tls-server certificates (c-0 .. c-n-1) it issued.
struct IssuedStore : test::IssuedStore {
    IssuedStore(const std::string& label, std::size_t n) : test::IssuedStore(label) {
        add_root("root", "Check Rows Root");
        issue("root", numbered("c", n), "leaf");
    }
};
}  // namespace

TEST_CASE("check_rows: the rows' order and each row's own verdict, whichever thread judged it") {
    IssuedStore s("check-rows-order", 96);
    std::vector<policies::InventoryRow> rows = policies::read_inventory(s.store->db());
    REQUIRE(rows.size() == 96);
    // Give the rows different verdicts: a wrong purpose (invalid), a bundle that does not exist (invalid,
    // another reason), or none (expiring: minor at day 10 of a 30-day certificate).
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (i % 3 == 1) {
            rows[i].purpose = "code-signing";
        } else if (i % 3 == 2) {
            rows[i].trust_bundle = "gone-" + std::to_string(i % 5);
        }
    }
    const core::TimePoint at = s.clock.now() + std::chrono::hours(24 * 10);
    const certs::NoRevocationData revocation;
    policies::BundleAnchors anchors(s.store->db(), s.clock);
    policies::CheckReport report;
    report.at = at;
    policies::check_rows(rows, revocation, policies::invalid_check(anchors, at), report);

    REQUIRE(report.certs.size() == rows.size());
    std::size_t wrong_role = 0;
    std::size_t gone = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        CAPTURE(rows[i].name);
        CHECK(report.certs[i].name == rows[i].name);
        // The same row judged alone, on this thread, with its own anchors.
        policies::BundleAnchors alone_anchors(s.store->db(), s.clock);
        const policies::RowFacts alone =
            policies::facts_for(rows[i], revocation, policies::invalid_check(alone_anchors, at));
        const policies::Verdict expected = policies::evaluate(alone.facts, at, report.thresholds);
        CHECK(report.certs[i].verdict.condition == expected.condition);
        CHECK(report.certs[i].verdict.reason == expected.reason);
        CHECK(report.certs[i].serial == alone.cert->serial);
        wrong_role += expected.reason.find("wrong role for purpose code-signing") != std::string::npos;
        gone += expected.reason.find("trust bundle gone-") != std::string::npos;
    }
    CHECK(wrong_role == 32);
    CHECK(gone == 32);
}

TEST_CASE("BundleAnchors: a bundle that is gone stays gone for every row that asks") {
    IssuedStore s("check-rows-anchors", 1);
    policies::BundleAnchors anchors(s.store->db(), s.clock);
    for (int i = 0; i < 3; ++i) {
        CHECK_THROWS_AS(anchors.get("no-such-bundle"), core::Error);
    }
}

TEST_CASE("check_inventory: read and judged at once, the same report as reading first and judging after") {
    // More than two batches; rows with a trust bundle (judged only after the read) among the others.
    IssuedStore s("check-inventory", 2100);
    {
        const SQLite::Column root = s.store->db().sql().execAndGet("SELECT der FROM cas WHERE name = 'root'");
        const auto* p = static_cast<const std::uint8_t*>(root.getBlob());
        const Botan::X509_Certificate cert(std::vector<std::uint8_t>(p, p + root.getBytes()));
        const std::filesystem::path pem = s.dir / "root.pem";
        core::write_file_atomic(pem, cert.PEM_encode(), 0644);
        trust::TrustStore(s.store->db(), s.clock)
            .add("lab", {pem.string()}, std::nullopt, certs::ValidationMode::strict, false);
    }
    s.store->db().sql().exec("UPDATE certificates SET trust_bundle = 'lab' WHERE rowid % 7 = 0");
    s.store->db().sql().exec("UPDATE certificates SET trust_bundle = 'gone' WHERE rowid % 11 = 0");
    s.store->db().sql().exec("UPDATE certificates SET purpose = 'code-signing' WHERE rowid % 13 = 0");
    const core::TimePoint at = s.clock.now() + std::chrono::hours(24 * 10);
    const certs::NoRevocationData revocation;

    policies::CheckReport one_by_one;
    one_by_one.at = at;
    policies::BundleAnchors anchors(s.store->db(), s.clock);
    const std::vector<policies::InventoryRow> read_first = policies::read_inventory(s.store->db());
    policies::check_rows(read_first, revocation, policies::invalid_check(anchors, at), one_by_one);

    policies::CheckReport at_once;
    at_once.at = at;
    policies::BundleAnchors anchors2(s.store->db(), s.clock);
    const std::vector<std::string> names =
        policies::check_inventory(s.store->db(), revocation, policies::invalid_check(anchors2, at), at_once);

    REQUIRE(names.size() == read_first.size());
    REQUIRE(at_once.certs.size() == one_by_one.certs.size());
    std::size_t chain_ok = 0;
    std::size_t gone = 0;
    for (std::size_t i = 0; i < names.size(); ++i) {
        CAPTURE(names[i]);
        CHECK(names[i] == read_first[i].name);
        CHECK(at_once.certs[i].name == one_by_one.certs[i].name);
        CHECK(at_once.certs[i].serial == one_by_one.certs[i].serial);
        CHECK(at_once.certs[i].fingerprint == one_by_one.certs[i].fingerprint);
        CHECK(at_once.certs[i].verdict.condition == one_by_one.certs[i].verdict.condition);
        CHECK(at_once.certs[i].verdict.reason == one_by_one.certs[i].verdict.reason);
        chain_ok += read_first[i].trust_bundle == "lab" && at_once.certs[i].verdict.reason.find("trust bundle") ==
                                                          std::string::npos;
        gone += at_once.certs[i].verdict.reason.find("trust bundle gone") != std::string::npos;
    }
    CHECK(chain_ok > 200);  // the chain to the bundle was checked and holds
    CHECK(gone > 100);
}
