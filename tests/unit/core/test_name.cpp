// tests/unit/core/test_name.cpp — the name rule keeps names inside the store.
#include "lib/core/error.h"
#include "lib/core/name.h"

#include <doctest/doctest.h>

using namespace certctl;

TEST_SUITE("core::name") {
    TEST_CASE("accepts the contract's names") {
        for (const std::string& ok : {std::string("web01"), std::string("vpn-gw.2025"), std::string("a"), std::string("A_b-c.d"), std::string(64, 'x')}) {
            CAPTURE(ok);
            CHECK(core::is_valid_name(ok));
        }
    }
    TEST_CASE("refuses paths and oddities") {
        for (const std::string& bad : {std::string("../x"), std::string("a/b"), std::string(""), std::string(".hidden"),
                                      std::string("-flag"), std::string(65, 'x'), std::string("a b"),
                                      std::string("é"), std::string("a\nb"), std::string(".."), std::string("."),
                                      std::string("a\0b", 3), std::string("\0", 1), std::string("web01\0/../x", 12),
                                      std::string(10000, 'a'), std::string("a\\b"), std::string("/etc/passwd")}) {
            CAPTURE(bad);
            CHECK_FALSE(core::is_valid_name(bad));
            CHECK_THROWS_AS(core::check_name("key", bad), core::Error);
        }
    }
}
