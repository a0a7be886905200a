// tests/unit/csr/test_der_oid.cpp — OIDs with arcs beyond 32 bits, both ways.
#include "lib/core/error.h"
#include "lib/csr/der_oid.h"
#include "lib/csr/request.h"

#include <botan/hex.h>
#include <doctest/doctest.h>

using namespace certctl;

TEST_SUITE("csr::DerOid") {
    TEST_CASE("small OIDs encode as everyone does") {
        CHECK(Botan::hex_encode(csr::oid_der("2.5.29.17")) == "0603551D11");
        CHECK(Botan::hex_encode(csr::oid_der("1.2.840.113549.1.9.14")) == "06092A864886F70D01090E");
    }
    TEST_CASE("the requested-validity OID round-trips, with its 128-bit arc") {
        const auto content = csr::oid_content(csr::k_requested_validity_oid);
        CHECK(content.front() == 0x69);  // 2*40 + 25
        CHECK(content.size() == 20);
        CHECK(csr::oid_text(content.data(), content.size(), "t") == csr::k_requested_validity_oid);
    }
    TEST_CASE("text of encoded OIDs, and malformed encodings refused") {
        const std::vector<std::uint8_t> rsa = {0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01};
        CHECK(csr::oid_text(rsa.data(), rsa.size(), "t") == "1.2.840.113549.1.1.1");
        const std::vector<std::uint8_t> open = {0x2A, 0x86};
        CHECK_THROWS_AS(csr::oid_text(open.data(), open.size(), "t"), core::Error);
        const std::vector<std::uint8_t> padded = {0x2A, 0x80, 0x01};
        CHECK_THROWS_AS(csr::oid_text(padded.data(), padded.size(), "t"), core::Error);
        CHECK_THROWS_AS(csr::oid_text(nullptr, 0, "t"), core::Error);
    }
}
