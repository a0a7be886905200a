// tests/unit/audit/test_alarm_store.cpp — raise once, escalate, clear, history, audit trail.
#include "lib/audit/alarm_store.h"
#include "lib/core/rfc3339.h"
#include "tests/unit/test_dir.h"

#include <doctest/doctest.h>

using namespace certctl;

TEST_SUITE("audit::AlarmStore") {
    TEST_CASE("raise once, escalate, clear, keep history") {
        storage::Database db(test::case_dir("alarms") / "certctl.db", true);
        core::FixedClock clock(core::parse_time("2026-03-01T00:00:00Z"));
        audit::AlarmStore alarms(db, clock);
        audit::AuditLog log(db, clock);
        CHECK(alarms.raise("certificate", "web01", audit::Severity::minor, "expires in 20 days"));
        CHECK_FALSE(alarms.raise("certificate", "web01", audit::Severity::minor, "expires in 20 days"));
        clock.advance(std::chrono::hours(24 * 14));
        CHECK(alarms.raise("certificate", "web01", audit::Severity::major, "expires in 6 days"));
        const auto active = alarms.active("certificate", "web01");
        REQUIRE(active);
        CHECK(active->severity == audit::Severity::major);
        CHECK(active->raised == "2026-03-01T00:00:00Z");
        CHECK(active->updated == "2026-03-15T00:00:00Z");
        CHECK(alarms.list(false).size() == 1);
        CHECK(alarms.clear("certificate", "web01", "renewed"));
        CHECK_FALSE(alarms.clear("certificate", "web01", "renewed"));
        CHECK(alarms.list(false).empty());
        REQUIRE(alarms.list(true).size() == 1);
        CHECK(alarms.list(true)[0].cleared.has_value());
        audit::EventFilter raises;
        raises.type = "system.alarm_raise";
        CHECK(log.list(raises).size() == 2);  // the raise and the escalation, not the repeat
        audit::EventFilter clears;
        clears.type = "system.alarm_clear";
        CHECK(log.list(clears).size() == 1);
        CHECK(alarms.raise("certificate", "web01", audit::Severity::critical, "expired"));
        CHECK(alarms.list(true).size() == 2);
    }
    TEST_CASE("severity names round-trip") {
        for (auto s : {audit::Severity::minor, audit::Severity::major, audit::Severity::critical}) {
            CHECK(audit::parse_severity(audit::severity_name(s)) == s);
        }
        CHECK_FALSE(audit::parse_severity("warning"));
    }
}
