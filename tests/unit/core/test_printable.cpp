// tests/unit/core/test_printable.cpp — control characters from outside shown as escapes, text kept.
#include "lib/core/printable.h"

#include <doctest/doctest.h>

using certctl::core::printable;

TEST_SUITE("core::printable") {
    TEST_CASE("C0, DEL and C1 controls become escapes") {
        CHECK(printable("a\x1b[31mb") == "a\\e[31mb");
        CHECK(printable("line\r\nforged") == "line\\r\\nforged");
        CHECK(printable(std::string("nul\0x", 5)) == "nul\\x00x");
        CHECK(printable("bell\x07 tab\t del\x7f") == "bell\\x07 tab\\t del\\x7f");
        CHECK(printable("csi\xc2\x9b"
                        "31m") == "csi\\u009b31m");
    }
    TEST_CASE("newlines are kept only when asked") {
        CHECK(printable("one\ntwo\n", true) == "one\ntwo\n");
        CHECK(printable("one\ntwo\x1b\n", true) == "one\ntwo\\e\n");
        CHECK(printable("one\ntwo") == "one\\ntwo");
    }
    TEST_CASE("UTF-8 text passes, broken UTF-8 is shown byte by byte") {
        CHECK(printable("M\xc3\xbcnchen \xe6\x9d\xb1\xe4\xba\xac \xf0\x9f\x94\x92 \xc2\xa0") ==
              "M\xc3\xbcnchen \xe6\x9d\xb1\xe4\xba\xac \xf0\x9f\x94\x92 \xc2\xa0");
        CHECK(printable("bad\xff\xc3") == "bad\\xff\\xc3");
        CHECK(printable("overlong\xc0\xaf") == "overlong\\xc0\\xaf");
        CHECK(printable("surrogate\xed\xa0\x80") == "surrogate\\xed\\xa0\\x80");
    }
    TEST_CASE("escaping is idempotent") {
        const std::string once = printable("x\x1b\n\x9b\xc2\x85");
        CHECK(printable(once) == once);
    }
}
