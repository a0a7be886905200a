// tests/unit/ca/test_crl_writer.cpp — the streaming encoder against Botan's parser: DER and PEM, empty,
// big serials, GeneralizedTime, many entries.
#include "lib/ca/crl_writer.h"

#include <botan/auto_rng.h>
#include <botan/ec_group.h>
#include <botan/ecdsa.h>
#include <botan/hex.h>
#include <botan/x509_crl.h>
#include <doctest/doctest.h>

using namespace certctl;

namespace {
Botan::AutoSeeded_RNG& rng() {
    static Botan::AutoSeeded_RNG r;
    return r;
}
std::vector<std::uint8_t> encode(const std::vector<ca::RevokedEntry>& entries, const Botan::Private_Key& key,
                                 ca::CrlFormat format = ca::CrlFormat::der) {
    ca::CrlParams p;
    p.issuer.add_attribute("X520.CommonName", "CRL test CA");
    p.authority_key_id = {1, 2, 3, 4};
    p.crl_number = 42;
    p.this_update = std::chrono::system_clock::from_time_t(1780000000);
    p.next_update = p.this_update + std::chrono::hours(24);
    p.idp_url = "http://pki.example/ca.crl";
    std::vector<std::uint8_t> out;
    ca::write_crl(p, entries, key, rng(), format, [&](const std::uint8_t* d, std::size_t n) {
        out.insert(out.end(), d, d + n);
    });
    return out;
}
}  // namespace

TEST_SUITE("ca::CrlWriter") {
    TEST_CASE("entries round-trip through Botan's parser") {
        Botan::ECDSA_PrivateKey key(rng(), Botan::EC_Group("secp256r1"));
        std::vector<ca::RevokedEntry> entries;
        const char* serials[] = {"01", "7f", "80", "ff00", "4abc0123456789abcdef0123456789ab", "00ff"};
        for (std::size_t i = 0; i < 6; ++i) {
            ca::RevokedEntry e;
            REQUIRE(e.set_serial_hex(serials[i], std::strlen(serials[i])));
            e.reason = static_cast<std::uint8_t>(i % 3 == 0 ? 0 : i);
            e.revoked_at = i == 5 ? 2600000000 : 1700000000 + static_cast<std::int64_t>(i);  // 2052: GeneralizedTime
            entries.push_back(e);
        }
        for (const auto format : {ca::CrlFormat::der, ca::CrlFormat::pem}) {
            const auto bytes = encode(entries, key, format);
            const Botan::X509_CRL crl(bytes);
            CHECK(crl.check_signature(key));
            CHECK(crl.crl_number() == 42);
            CHECK(crl.authority_key_id() == std::vector<std::uint8_t>{1, 2, 3, 4});
            REQUIRE(crl.get_revoked().size() == 6);
            CHECK(Botan::hex_encode(crl.get_revoked()[2].serial_number(), false) == "80");
            CHECK(Botan::hex_encode(crl.get_revoked()[5].serial_number(), false) == "ff");
            CHECK(crl.get_revoked()[1].reason_code() == Botan::KEY_COMPROMISE);
            CHECK(crl.get_revoked()[0].reason_code() == Botan::UNSPECIFIED);
            CHECK(crl.get_revoked()[1].expire_time().to_std_timepoint() == std::chrono::system_clock::from_time_t(1700000001));
            CHECK(crl.get_revoked()[5].expire_time().to_std_timepoint() == std::chrono::system_clock::from_time_t(2600000000));
        }
    }
    TEST_CASE("empty CRL and a large one") {
        Botan::ECDSA_PrivateKey key(rng(), Botan::EC_Group("secp256r1"));
        CHECK(Botan::X509_CRL(encode({}, key)).get_revoked().empty());
        std::vector<ca::RevokedEntry> many(20000);
        for (std::size_t i = 0; i < many.size(); ++i) {
            char hex[40];
            std::snprintf(hex, sizeof hex, "5%031zx", i);
            REQUIRE(many[i].set_serial_hex(hex, 32));
            many[i].revoked_at = 1700000000 + static_cast<std::int64_t>(i / 100);
            many[i].reason = static_cast<std::uint8_t>(i % 2);
        }
        const Botan::X509_CRL crl(encode(many, key));
        CHECK(crl.check_signature(key));
        CHECK(crl.get_revoked().size() == many.size());
    }
    TEST_CASE("serial parsing") {
        ca::RevokedEntry e;
        CHECK_FALSE(e.set_serial_hex("", 0));
        CHECK_FALSE(e.set_serial_hex("zz", 2));
        CHECK_FALSE(e.set_serial_hex("00112233445566778899aabbccddeeff0011223344", 42));
        REQUIRE(e.set_serial_hex("abc", 3));
        CHECK(e.serial_len == 2);
        CHECK(e.serial[0] == 0x0a);
    }
}
