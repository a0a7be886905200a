// tests/unit/core/test_duration.cpp — durations and sizes as operators write them.
#include "lib/core/duration.h"
#include "lib/core/error.h"

#include <doctest/doctest.h>

using namespace certctl;

TEST_SUITE("core::duration") {
    TEST_CASE("parses every unit") {
        CHECK(core::parse_duration("90s").count() == 90);
        CHECK(core::parse_duration("15m").count() == 900);
        CHECK(core::parse_duration("24h").count() == 86400);
        CHECK(core::parse_duration("30d").count() == 30 * 86400);
        CHECK(core::parse_duration("2w").count() == 14 * 86400);
        CHECK(core::parse_duration("1y").count() == 365 * 86400);
        CHECK(core::parse_duration("42").count() == 42);
    }
    TEST_CASE("refuses what is not a duration") {
        for (const char* bad : {"7x", "", "d", "-5s", "1.5h", "99999999999999999999s", "5 s"}) {
            CAPTURE(bad);
            CHECK_THROWS_AS(core::parse_duration(bad, "--minor"), core::Error);
        }
        try {
            core::parse_duration("7x", "--minor");
            FAIL("no throw");
        } catch (const core::Error& e) {
            CHECK(e.code() == core::Errc::usage);
            CHECK(std::string(e.what()).find("--minor") != std::string::npos);
        }
    }
    TEST_CASE("formats with the largest exact unit of d, h, m, s and round-trips") {
        CHECK(core::format_duration(core::Seconds(86400)) == "1d");
        CHECK(core::format_duration(core::Seconds(90)) == "90s");
        CHECK(core::format_duration(core::Seconds(60)) == "1m");
        CHECK(core::format_duration(core::Seconds(0)) == "0s");
        CHECK(core::format_duration(core::parse_duration("7d")) == "7d");    // never "1w"
        CHECK(core::format_duration(core::parse_duration("2w")) == "14d");
        CHECK(core::format_duration(core::parse_duration("1y")) == "365d");
        CHECK(core::format_duration(core::Seconds(-3600)) == "-1h");
        for (const char* text : {"60s", "25h", "7d", "1y", "3w"}) {
            CHECK(core::parse_duration(core::format_duration(core::parse_duration(text))) == core::parse_duration(text));
        }
    }
    TEST_CASE("whole days round down, so the past counts a started day") {
        CHECK(core::whole_days(core::Seconds(0)) == 0);
        CHECK(core::whole_days(core::Seconds(86399)) == 0);
        CHECK(core::whole_days(core::Seconds(86400)) == 1);
        CHECK(core::whole_days(core::Seconds(-1)) == -1);
        CHECK(core::whole_days(core::Seconds(-86400)) == -1);
        CHECK(core::whole_days(core::Seconds(-86401)) == -2);
        CHECK(core::whole_days(core::Seconds(-(10 * 86400 + 43200))) == -11);
    }
    TEST_CASE("sizes") {
        CHECK(core::parse_size("256MiB") == 256ULL << 20);
        CHECK(core::parse_size("10MB") == 10000000ULL);
        CHECK(core::parse_size("4096") == 4096ULL);
        CHECK_THROWS_AS(core::parse_size("12XB"), core::Error);
    }
}
