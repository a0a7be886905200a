// tests/unit/core/test_config.cpp — TOML configuration with origins and validation at load.
#include "lib/core/atomic_file.h"
#include "lib/core/config.h"
#include "lib/core/error.h"
#include "tests/unit/test_dir.h"

#include <doctest/doctest.h>

using namespace certctl;

TEST_SUITE("core::Config") {
    TEST_CASE("defaults carry origin 'default'") {
        const core::Config c;
        CHECK(c.get("validation.mode") == "strict");
        CHECK(c.get_duration("crl.polling_interval").count() == 86400);
        CHECK(c.get_duration("crl.backoff_interval").count() == 60);
        CHECK(c.values().at("alarms.minor").origin == "default");
    }
    TEST_CASE("a file overrides and is named as origin") {
        const auto file = test::case_dir("override") / "certctl.toml";
        core::write_file_atomic(file, "[validation]\nmode = \"warn\"\n[crl]\nmax_size = \"1MiB\"\n");
        const core::Config c = core::Config::load(file, true);
        CHECK(c.get("validation.mode") == "warn");
        CHECK(c.values().at("validation.mode").origin == file.string());
        CHECK(c.get_size("crl.max_size") == (1u << 20));
        CHECK(c.values().at("alarms.major").origin == "default");
    }
    TEST_CASE("unknown keys, bad values and bad syntax are refused") {
        const auto dir = test::case_dir("bad");
        const std::vector<std::pair<std::string, std::string>> cases = {
            {"[validation]\nmoed = \"warn\"\n", "unknown setting"},
            {"[validation]\nmode = \"lenient\"\n", "must be one of"},
            {"[alarms]\nminor = \"7x\"\n", "alarms.minor"},
            {"[alarms\n", "invalid configuration"},
        };
        for (const auto& [text, expected] : cases) {
            CAPTURE(text);
            const auto file = dir / "c.toml";
            core::write_file_atomic(file, text);
            try {
                core::Config::load(file, true);
                FAIL("no throw");
            } catch (const core::Error& e) {
                CHECK(e.code() == core::Errc::bad_input);
                CHECK(std::string(e.what()).find(expected) != std::string::npos);
            }
        }
    }
    TEST_CASE("the whole file is validated at load: types, units, ranges, relations") {
        const auto dir = test::case_dir("whole");
        const std::vector<std::pair<std::string, std::string>> cases = {
            {"[alarms]\nminor = 30\n", "alarms.minor = 30: must be a string with a unit"},
            {"[alarms]\nminor = \"30\"\n", "a duration needs its unit"},
            {"[crl]\nmax_size = \"0\"\n", "crl.max_size = \"0\": out of range"},
            {"[crl]\nmax_size = 0\n", "out of range"},
            {"[crl]\nmax_size = \"64TiB\"\n", "crl.max_size"},
            {"[crl]\nproxy = true\n", "crl.proxy = true: must be a string"},
            {"[crl]\nca_file = 3\n", "crl.ca_file = 3: must be a string"},
            {"[validation]\nmode = 1\n", "validation.mode = 1"},
            {"[watch]\nrecheck_interval = \"0s\"\n", "out of range"},
            {"[ca]\ncrl_next_update = \"30m\"\n", "ca.crl_next_update"},
            {"[alarms]\nminor = \"3d\"\nmajor = \"7d\"\n", "alarms.minor (3d) is shorter than alarms.major (7d)"},
            {"[alarms]\nminor = \"5d\"\n", "shorter than alarms.major"},  // against the default major
        };
        for (const auto& [text, expected] : cases) {
            CAPTURE(text);
            const auto file = dir / "c.toml";
            core::write_file_atomic(file, text);
            try {
                core::Config::load(file, true);
                FAIL("no throw");
            } catch (const core::Error& e) {
                CHECK(e.code() == core::Errc::bad_input);
                CHECK(e.subject() == file.string());
                CHECK(std::string(e.what()).find(expected) != std::string::npos);
            }
        }
        const auto good = dir / "good.toml";
        core::write_file_atomic(good, "[alarms]\nminor = \"7d\"\nmajor = \"7d\"\n[crl]\nmax_size = 1048576\n");
        const core::Config c = core::Config::load(good, true);
        CHECK(c.get_size("crl.max_size") == 1048576u);
    }
    TEST_CASE("every row's default is valid and within its range") {
        for (const core::ConfigEntry& e : core::config_entries()) {
            CAPTURE(e.key);
            if (e.kind == core::ConfigEntry::Kind::duration) {
                const auto s = static_cast<std::uint64_t>(core::Config().get_duration(e.key).count());
                CHECK(s >= e.min);
                CHECK(s <= e.max);
            } else if (e.kind == core::ConfigEntry::Kind::size) {
                const auto b = core::Config().get_size(e.key);
                CHECK(b >= e.min);
                CHECK(b <= e.max);
            }
        }
    }
    TEST_CASE("a missing file is fine unless required") {
        const auto dir = test::case_dir("missing");
        CHECK_NOTHROW(core::Config::load(dir / "none.toml", false));
        CHECK_THROWS_AS(core::Config::load(dir / "none.toml", true), core::Error);
    }
}
