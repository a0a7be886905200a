// tests/unit/core/test_text_width.cpp — terminal columns of UTF-8 text, for aligned tables.
#include "lib/core/text_width.h"

#include <doctest/doctest.h>

using namespace certctl;

TEST_SUITE("core::text_width") {
    TEST_CASE("ASCII takes one column a byte") {
        CHECK(core::display_width("") == 0);
        CHECK(core::display_width("CN=web01") == 8);
    }
    TEST_CASE("a code point is one column, whatever its byte count") {
        CHECK(core::display_width("M\xC3\xBCller") == 6);           // Müller: ü is two bytes
        CHECK(core::display_width("\xE2\x82\xAC" "5") == 2);        // €5: € is three bytes
        CHECK(core::display_width("e\xCC\x81") == 1);               // e + combining acute accent
    }
    TEST_CASE("wide characters take two columns") {
        CHECK(core::display_width("\xE8\xA8\xBC\xE6\x98\x8E") == 4);  // 証明
        CHECK(core::display_width("\xF0\x9F\x94\x92") == 2);          // U+1F512, a padlock emoji
    }
    TEST_CASE("bytes that are not UTF-8 count one column each") {
        CHECK(core::display_width("\xFF\xFE") == 2);
        CHECK(core::display_width("a\xC3") == 2);  // truncated sequence at the end
    }
    TEST_CASE("padding counts columns, not bytes") {
        CHECK(core::pad_to_width("M\xC3\xBCller", 8) == "M\xC3\xBCller  ");
        CHECK(core::pad_to_width("toolong", 3) == "toolong");
    }
}
