// tests/unit/keys/test_key_spec.cpp — every row of the key spec table, and what is refused.
#include "lib/core/error.h"
#include "lib/keys/key_spec.h"

#include <doctest/doctest.h>

using namespace certctl;

TEST_SUITE("keys::KeySpec") {
    TEST_CASE("every RSA multiple of 256 from 2048 to 4096 and the three curves, nothing else") {
        const auto all = keys::KeySpec::all();
        REQUIRE(all.size() == 12);
        std::size_t bits = 2048;
        for (std::size_t i = 0; i < 9; ++i, bits += 256) {
            CHECK(all[i].type == keys::KeySpec::Type::rsa);
            CHECK(all[i].rsa_bits == bits);
        }
        CHECK(all[9].curve == "secp256r1");
        CHECK(all[10].curve == "secp384r1");
        CHECK(all[11].curve == "secp521r1");
    }
    TEST_CASE("every row parses back from its own text") {
        for (const auto& spec : keys::KeySpec::all()) {
            CHECK(keys::KeySpec::parse(spec.to_string()) == spec);
            CHECK(spec.bits() > 0);
        }
    }
    TEST_CASE("case and aliases") {
        CHECK(keys::KeySpec::parse("RSA:3072").rsa_bits == 3072);
        CHECK(keys::KeySpec::parse("ecc:secp384r1").curve == "secp384r1");
        CHECK(keys::KeySpec::parse("EC:SECP521R1").curve == "secp521r1");
        CHECK(keys::KeySpec::parse("ec:prime256v1").curve == "secp256r1");
        CHECK(keys::KeySpec::parse("ec:P-384").bits() == 384);
        CHECK(keys::KeySpec::default_spec().to_string() == "ec:secp256r1");
    }
    TEST_CASE("a bare curve name or alias is an EC spec, normalised") {
        for (const char* text : {"P-256", "p256", "prime256v1", "secp256r1", "NISTP256"}) {
            CAPTURE(text);
            CHECK(keys::KeySpec::parse(text).to_string() == "ec:secp256r1");
        }
        CHECK(keys::KeySpec::parse("P-384").to_string() == "ec:secp384r1");
        CHECK(keys::KeySpec::parse("secp384r1").to_string() == "ec:secp384r1");
        CHECK(keys::KeySpec::parse("P-521").to_string() == "ec:secp521r1");
        CHECK_THROWS_AS(keys::KeySpec::parse("P-224"), core::Error);
        CHECK_THROWS_AS(keys::KeySpec::parse("secp256k1"), core::Error);
    }
    TEST_CASE("refused specs are usage errors that list what is allowed") {
        for (const char* text : {"rsa:2000", "rsa:8192", "ec:secp224r1", "rsa:1024", "rsa:2049", "rsa:", "rsa",
                                 "ec:", "ed25519", "", "rsa:99999999999", "rsa:-2048", "dsa:2048"}) {
            CAPTURE(text);
            try {
                keys::KeySpec::parse(text);
                FAIL("accepted");
            } catch (const core::Error& e) {
                CHECK(e.code() == core::Errc::usage);
                CHECK(e.hint().find(keys::KeySpec::allowed()) != std::string::npos);
            }
        }
        CHECK(keys::KeySpec::allowed().find("rsa:2048, rsa:2304") == 0);
        CHECK(keys::KeySpec::allowed().find("rsa:4096, ec:secp256r1, ec:secp384r1, ec:secp521r1") != std::string::npos);
    }
}
