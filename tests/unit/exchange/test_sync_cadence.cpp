// tests/unit/exchange/test_sync_cadence.cpp — day 30 due, day 32 major, day 365 critical, to the second.
#include "lib/audit/alarm_store.h"
#include "lib/core/rfc3339.h"
#include "lib/exchange/sync_cadence.h"
#include "lib/storage/database.h"
#include "tests/unit/test_dir.h"

#include <doctest/doctest.h>

using namespace certctl;
using namespace std::chrono_literals;

TEST_SUITE("exchange::sync_cadence") {
    TEST_CASE("boundaries to the second") {
        const auto t0 = core::parse_time("2026-01-01T00:00:00Z");
        const exchange::SyncRecord rec{"4cdd0470-e5e4-0132-a310-005056841670", "sync_response", "PARTIAL", t0};
        const auto at = [&](std::chrono::seconds s) { return exchange::evaluate_sync(rec, t0 + s); };
        CHECK_FALSE(at(30 * 24h - 1s).due);
        CHECK(at(30 * 24h).due);
        CHECK_FALSE(at(30 * 24h).severity);
        CHECK_FALSE(at(32 * 24h - 1s).severity);
        CHECK(at(32 * 24h).severity == audit::Severity::major);
        CHECK(at(365 * 24h - 1s).severity == audit::Severity::major);
        CHECK(at(365 * 24h).severity == audit::Severity::critical);
        CHECK(at(365 * 24h).reason.find("registration expired") != std::string::npos);
        CHECK_FALSE(exchange::evaluate_sync(std::nullopt, t0).severity);
    }
    TEST_CASE("the alarm is raised, escalated and cleared by a newer sync") {
        const auto dir = test::case_dir("sync alarm");
        storage::Database db(dir / "certctl.db", true);
        const auto t0 = core::parse_time("2026-01-01T00:00:00Z");
        core::FixedClock clock(t0);
        const std::string id = "4cdd0470-e5e4-0132-a310-005056841670";
        db.transaction([&] { exchange::record_sync(db, {id, "authorization", "FULL", t0}, "00", std::nullopt); });
        CHECK_FALSE(exchange::apply_sync_alarm(db, clock).severity);
        clock.advance(33 * 24h);
        CHECK(exchange::apply_sync_alarm(db, clock).severity == audit::Severity::major);
        audit::AlarmStore alarms(db, clock);
        REQUIRE(alarms.active("exchange_sync", id));
        CHECK(alarms.active("exchange_sync", id)->severity == audit::Severity::major);
        clock.advance(400 * 24h);
        exchange::apply_sync_alarm(db, clock);
        CHECK(alarms.active("exchange_sync", id)->severity == audit::Severity::critical);
        db.transaction([&] { exchange::record_sync(db, {id, "sync_response", "PARTIAL", clock.now()}, "01", std::nullopt); });
        CHECK_FALSE(exchange::apply_sync_alarm(db, clock).severity);
        CHECK_FALSE(alarms.active("exchange_sync", id));
    }
}
