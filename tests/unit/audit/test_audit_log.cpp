// tests/unit/audit/test_audit_log.cpp — events with JSON detail, filters, counters.
#include "lib/audit/audit_log.h"
#include "lib/audit/counters.h"
#include "lib/core/error.h"
#include "lib/core/rfc3339.h"
#include "tests/unit/test_dir.h"

#include <doctest/doctest.h>

using namespace certctl;

TEST_SUITE("audit::AuditLog") {
    TEST_CASE("records and lists with filters") {
        storage::Database db(test::case_dir("audit") / "certctl.db", true);
        core::FixedClock clock(core::parse_time("2026-01-01T00:00:00Z"));
        audit::AuditLog log(db, clock);
        log.record("system.generate_csr", "web01", {{"name", "web01"}}, true);
        clock.advance(std::chrono::hours(24));
        log.record("system.ingest_certificate", "web01", {{"common_name", "web01"}}, false, "expired");
        auto all = log.list({});
        REQUIRE(all.size() == 2);
        CHECK(all[0].type == "system.generate_csr");
        CHECK(all[0].description == "Generated CSR for: web01");
        CHECK(all[0].detail["success"] == true);
        CHECK(all[1].detail["error"] == "expired");
        CHECK(all[1].time == "2026-01-02T00:00:00.000Z");
        audit::EventFilter by_type;
        by_type.type = "system.ingest_certificate";
        CHECK(log.list(by_type).size() == 1);
        audit::EventFilter since;
        since.since = core::parse_time("2026-01-01T12:00:00Z");
        CHECK(log.list(since).size() == 1);
        audit::EventFilter limited;
        limited.limit = 1;
        REQUIRE(log.list(limited).size() == 1);
        CHECK(log.list(limited)[0].type == "system.ingest_certificate");  // the newest
    }
    TEST_CASE("unknown event types are a bug, not a row") {
        storage::Database db(test::case_dir("unknown") / "certctl.db", true);
        core::SystemClock clock;
        audit::AuditLog log(db, clock);
        CHECK_THROWS_AS(log.record("system.nonsense", "x", {}, true), core::Error);
    }
    TEST_CASE("counters start at zero, add up and reset") {
        storage::Database db(test::case_dir("counters") / "certctl.db", true);
        audit::Counters counters(db);
        CHECK(counters.all().at("csr_success") == 0);
        counters.increment("csr_success");
        counters.increment("csr_success", 2);
        CHECK(counters.all().at("csr_success") == 3);
        CHECK(counters.all().size() == audit::counter_defs().size());
        CHECK_THROWS_AS(counters.increment("nope"), core::Error);
        counters.reset();
        CHECK(counters.all().at("csr_success") == 0);
    }
}
