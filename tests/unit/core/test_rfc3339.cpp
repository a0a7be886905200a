// tests/unit/core/test_rfc3339.cpp — time parsing and formatting.
#include "lib/core/error.h"
#include "lib/core/rfc3339.h"

#include <ctime>
#include <doctest/doctest.h>

using namespace certctl;

TEST_SUITE("core::rfc3339") {
    TEST_CASE("formats UTC and agrees with gmtime") {
        for (std::int64_t t : {0LL, 951782400LL /*2000-02-29*/, 1767225599LL, 4102444800LL, 1234567890LL}) {
            std::time_t tt = static_cast<std::time_t>(t);
            std::tm tm{};
            ::gmtime_r(&tt, &tm);
            char expected[32];
            std::strftime(expected, sizeof expected, "%Y-%m-%dT%H:%M:%SZ", &tm);
            CHECK(core::format_rfc3339(core::from_unix(t)) == expected);
            CHECK(core::to_unix(core::parse_time(expected)) == t);
        }
    }
    TEST_CASE("accepts dates, offsets and fractions") {
        CHECK(core::to_unix(core::parse_time("1970-01-02")) == 86400);
        CHECK(core::to_unix(core::parse_time("1970-01-01T01:00:00+01:00")) == 0);
        CHECK(core::to_unix(core::parse_time("1970-01-01T00:00:00-00:30")) == 1800);
        CHECK(core::to_unix(core::parse_time("1970-01-01T00:00:10.999Z")) == 10);
    }
    TEST_CASE("refuses malformed times") {
        for (const char* bad : {"", "2025-13-01", "2025-02-30", "2025-01-01T10:00:00", "yesterday",
                                "2025-01-01T25:00:00Z", "2025-1-1", "2025-01-01T10:00Z"}) {
            CAPTURE(bad);
            CHECK_THROWS_AS(core::parse_time(bad), core::Error);
        }
    }
    TEST_CASE("times beyond TimePoint's range saturate instead of overflowing") {
        const std::int64_t year_9999 = 253402300799;  // 9999-12-31T23:59:59Z
        CHECK(core::from_unix(year_9999) == core::TimePoint::max());
        CHECK(core::parse_time("9999-12-31T23:59:59Z") == core::TimePoint::max());
        CHECK(core::parse_time("2826-11-30") == core::TimePoint::max());
        CHECK(core::from_unix(-year_9999) == core::TimePoint::min());
        CHECK(core::parse_time("0001-01-01") == core::TimePoint::min());
        // Inside the range nothing changes: 2262-01-01 and 1678-01-01 are exact.
        CHECK(core::to_unix(core::parse_time("2262-01-01")) == 9214646400);
        CHECK(core::to_unix(core::parse_time("1678-01-01")) == -9214560000);
    }
}
