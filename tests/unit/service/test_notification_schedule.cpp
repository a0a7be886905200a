// tests/unit/service/test_notification_schedule.cpp — the id-cert cadence, point by point.
#include "service/notification_schedule.h"

#include "lib/core/rfc3339.h"

#include <doctest/doctest.h>

using namespace certctl;
using std::chrono::hours;
using std::chrono::seconds;

TEST_SUITE("service::NotificationSchedule") {
    TEST_CASE("id-cert: 60d, 30d, weekly, daily in the last week, hourly on the last day") {
        const auto* s = service::schedule_for("id-cert");
        REQUIRE(s != nullptr);
        const auto t = core::parse_time("2027-01-01T00:00:00Z");
        const auto points = service::notification_points(*s, t);
        std::vector<long long> hours_before;
        for (const auto p : points) {
            hours_before.push_back(std::chrono::duration_cast<hours>(t - p).count());
        }
        std::vector<long long> expected = {60 * 24, 30 * 24, 23 * 24, 16 * 24, 9 * 24};
        for (int d = 7; d >= 1; --d) {
            expected.push_back(d * 24);
        }
        for (int h = 23; h >= 1; --h) {
            expected.push_back(h);
        }
        CHECK(hours_before == expected);
    }

    TEST_CASE("due: the latest point passed since the last notification") {
        const auto* s = service::schedule_for("id-cert");
        REQUIRE(s != nullptr);
        const auto t = core::parse_time("2027-01-01T00:00:00Z");
        const auto d60 = t - hours(60 * 24);
        core::FixedClock clock(d60 - seconds(1));
        CHECK_FALSE(service::due_notification(*s, t, std::nullopt, clock.now()));
        clock.advance(seconds(1));
        CHECK(service::due_notification(*s, t, std::nullopt, clock.now()) == d60);
        CHECK_FALSE(service::due_notification(*s, t, d60, clock.now()));
        clock.set(t - hours(30 * 24) - seconds(1));
        CHECK_FALSE(service::due_notification(*s, t, d60, clock.now()));
        clock.advance(seconds(1));
        CHECK(service::due_notification(*s, t, d60, clock.now()) == t - hours(30 * 24));
        // A watch that was down for days notifies once, for the latest point only.
        clock.set(t - hours(5) + seconds(10));
        CHECK(service::due_notification(*s, t, d60, clock.now()) == t - hours(5));
    }

    TEST_CASE("purposes without a row have no schedule; rows are sane") {
        CHECK(service::schedule_for("tls-server") == nullptr);
        CHECK(service::schedule_for("tls-client", "id_cert") == service::schedule_for("id-cert"));
        CHECK(service::schedule_for("tls-client", "web01") == nullptr);
        for (const auto& row : service::notification_schedules()) {
            CHECK(std::string(row.purpose).size() > 0);
            for (const auto& step : row.steps) {
                CHECK(step.first_before >= step.last_before);
                CHECK(step.every.count() >= 0);
            }
        }
    }
}
