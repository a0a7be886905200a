// tests/unit/service/test_scheduler.cpp — due times, order, stop between jobs, retry after a failure, jitter.
#include "service/scheduler.h"

#include "lib/core/error.h"
#include "lib/core/rfc3339.h"

#include <doctest/doctest.h>

using namespace certctl;
using std::chrono::seconds;

TEST_SUITE("service::Scheduler") {
    TEST_CASE("jobs run when due, earliest first, and say when they run next") {
        core::FixedClock clock(core::parse_time("2026-01-01T00:00:00Z"));
        std::vector<std::string> ran;
        service::Scheduler s([](const std::string&) {});
        s.add({"b", [&](core::TimePoint at) { ran.push_back("b"); return at + seconds(60); }, clock.now() + seconds(10)});
        s.add({"a", [&](core::TimePoint at) { ran.push_back("a"); return at + seconds(30); }, clock.now() + seconds(5)});
        CHECK(s.next_due() == clock.now() + seconds(5));
        CHECK(s.run_due(clock.now(), {}) == 0);
        clock.advance(seconds(4));
        CHECK(s.run_due(clock.now(), {}) == 0);
        clock.advance(seconds(6));
        CHECK(s.run_due(clock.now(), {}) == 2);
        CHECK(ran == std::vector<std::string>{"a", "b"});
        CHECK(s.next_due() == clock.now() + seconds(30));
        s.make_due(clock.now(), "b");
        CHECK(s.next_due() == clock.now());
        CHECK(s.run_due(clock.now(), {}) == 1);
        CHECK(ran.back() == "b");
    }

    TEST_CASE("stop is honoured between jobs, never inside one") {
        core::FixedClock clock(core::parse_time("2026-01-01T00:00:00Z"));
        int runs = 0;
        service::Scheduler s([](const std::string&) {});
        for (int i = 0; i < 3; ++i) {
            s.add({"j" + std::to_string(i), [&](core::TimePoint at) { ++runs; return at + seconds(60); }, clock.now()});
        }
        CHECK(s.run_due(clock.now(), [&] { return runs == 1; }) == 1);
        CHECK(runs == 1);
    }

    TEST_CASE("a job that throws is logged and retried after its retry interval") {
        core::FixedClock clock(core::parse_time("2026-01-01T00:00:00Z"));
        std::vector<std::string> log;
        service::Scheduler s([&](const std::string& l) { log.push_back(l); });
        s.add({"crl-refresh",
               [](core::TimePoint) -> core::TimePoint {
                   throw core::Error(core::Errc::locked, "store is busy", "certctl.db", "database is locked");
               },
               clock.now(), seconds(60)});
        s.run_due(clock.now(), {});
        REQUIRE(log.size() == 1);
        CHECK(log[0].find("crl-refresh failed: ") == 0);
        CHECK(s.next_due() == clock.now() + seconds(60));
    }

    TEST_CASE("jitter stays within +/- the fraction, is seeded, and never drops below 1s") {
        std::mt19937_64 a(7);
        std::mt19937_64 b(7);
        bool differs = false;
        core::Seconds first{0};
        for (int i = 0; i < 1000; ++i) {
            const auto j = service::jittered(seconds(3600), 0.1, a);
            CHECK(j >= seconds(3240));
            CHECK(j <= seconds(3960));
            CHECK(j == service::jittered(seconds(3600), 0.1, b));
            if (i == 0) {
                first = j;
            } else if (j != first) {
                differs = true;
            }
        }
        CHECK(differs);
        CHECK(service::jittered(seconds(1), 0.9, a) >= seconds(1));
    }
}
