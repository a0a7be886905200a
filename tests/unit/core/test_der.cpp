// tests/unit/core/test_der.cpp — the one TLV reader: lengths short and long, and every way to refuse.
#include "lib/core/der.h"

#include <doctest/doctest.h>
#include <vector>

using namespace certctl;

namespace {
core::DerFault read(const std::vector<std::uint8_t>& bytes, core::Tlv& out, std::size_t& consumed) {
    const std::uint8_t* p = bytes.data();
    const core::DerFault f = core::read_tlv(p, bytes.data() + bytes.size(), out);
    consumed = static_cast<std::size_t>(p - bytes.data());
    return f;
}
}  // namespace

TEST_SUITE("core::read_tlv") {
    TEST_CASE("short and long lengths; the pointer moves past the TLV only") {
        core::Tlv t;
        std::size_t used = 0;
        const std::vector<std::uint8_t> integer = {0x02, 0x01, 0x05, 0xff};  // the spans point into it
        CHECK(read(integer, t, used) == core::DerFault::none);
        CHECK(t.tag == 0x02);
        CHECK(t.value.size == 1);
        CHECK(t.value.data[0] == 0x05);
        CHECK(t.whole.size == 3);
        CHECK(used == 3);
        std::vector<std::uint8_t> long_form = {0x04, 0x82, 0x01, 0x00};
        long_form.resize(4 + 256, 0xab);
        CHECK(read(long_form, t, used) == core::DerFault::none);
        CHECK(t.value.size == 256);
        CHECK(t.whole.size == 260);
        CHECK(t.value.end() == long_form.data() + long_form.size());
    }
    TEST_CASE("broken encodings are refused and the pointer stays") {
        core::Tlv t;
        std::size_t used = 99;
        CHECK(read({0x30}, t, used) == core::DerFault::truncated);
        CHECK(used == 0);
        CHECK(read({0x1f, 0x01, 0x00}, t, used) == core::DerFault::multi_byte_tag);
        CHECK(read({0x30, 0x80, 0x00, 0x00}, t, used) == core::DerFault::indefinite_length);
        CHECK(read({0x30, 0x85, 1, 2, 3, 4, 5}, t, used) == core::DerFault::long_length);
        CHECK(read({0x30, 0x82, 0x01}, t, used) == core::DerFault::long_length);  // length octets cut off
        CHECK(read({0x30, 0x05, 0x00}, t, used) == core::DerFault::length_past_end);
        CHECK(used == 0);
        const std::uint8_t* none = nullptr;
        CHECK_FALSE(core::next_tlv(none, nullptr, t));  // nothing at all
    }
}
