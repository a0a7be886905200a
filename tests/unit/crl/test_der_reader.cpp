// tests/unit/crl/test_der_reader.cpp — tag/length bounds and DER times.
#include "crl/der_reader.h"
#include "lib/core/error.h"

#include <doctest/doctest.h>
#include <vector>

using namespace certctl;

TEST_SUITE("crl::DerReader") {
    TEST_CASE("short and long lengths, nested") {
        const std::vector<std::uint8_t> d = {0x30, 0x81, 0x03, 0x02, 0x01, 0x05};
        crl::DerReader r(d.data(), d.size());
        const crl::Tlv seq = r.expect(0x30, "seq");
        CHECK(seq.value.size == 3);
        CHECK(seq.whole.size == 6);
        CHECK_FALSE(r.more());
        crl::DerReader in(seq.value);
        const crl::Tlv i = in.expect(0x02, "int");
        CHECK(i.value.data[0] == 5);
    }
    TEST_CASE("truncation, indefinite length and wrong tags are refused") {
        const std::vector<std::uint8_t> truncated = {0x30, 0x05, 0x02, 0x01};
        crl::DerReader r1(truncated.data(), truncated.size());
        CHECK_THROWS_AS(r1.next("x"), core::Error);
        const std::vector<std::uint8_t> indefinite = {0x30, 0x80, 0x00, 0x00};
        crl::DerReader r2(indefinite.data(), indefinite.size());
        CHECK_THROWS_AS(r2.next("x"), core::Error);
        const std::vector<std::uint8_t> huge = {0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x00};
        crl::DerReader r3(huge.data(), huge.size());
        CHECK_THROWS_AS(r3.next("x"), core::Error);
        const std::vector<std::uint8_t> other = {0x31, 0x00};
        crl::DerReader r4(other.data(), other.size());
        CHECK_THROWS_AS(r4.expect(0x30, "x"), core::Error);
        crl::DerReader r5(nullptr, 0);
        CHECK_THROWS_AS(r5.expect(0x30, "x"), core::Error);
    }
    TEST_CASE("UTCTime and GeneralizedTime") {
        const std::string utc = "491231235959Z", utc50 = "500101000000Z", gen = "20380119031408Z";
        crl::Tlv t;
        t.tag = crl::der::k_utc_time;
        t.value = {reinterpret_cast<const std::uint8_t*>(utc.data()), utc.size()};
        CHECK(crl::der::parse_time(t, "t") == 2524607999LL);
        t.value = {reinterpret_cast<const std::uint8_t*>(utc50.data()), utc50.size()};
        CHECK(crl::der::parse_time(t, "t") == -631152000LL);
        t.tag = crl::der::k_generalized_time;
        t.value = {reinterpret_cast<const std::uint8_t*>(gen.data()), gen.size()};
        CHECK(crl::der::parse_time(t, "t") == 2147483648LL);
        const std::string bad = "2038011903140Z";
        t.value = {reinterpret_cast<const std::uint8_t*>(bad.data()), bad.size()};
        CHECK_THROWS_AS(crl::der::parse_time(t, "t"), core::Error);
    }
}
