// tests/unit/keys/test_private_key_codec.cpp — the forms of private keys we read, and the errors for the rest.
#include "lib/core/error.h"
#include "lib/keys/pem_blocks.h"
#include "lib/keys/private_key_codec.h"

#include <botan/auto_rng.h>
#include <botan/ecdsa.h>
#include <botan/pkcs8.h>
#include <botan/rsa.h>
#include <doctest/doctest.h>

using namespace certctl;

namespace {
core::Errc error_of(const std::string& contents, const std::optional<std::string>& pass, std::string* why = nullptr) {
    Botan::AutoSeeded_RNG rng;
    try {
        keys::decode_private_key(contents, "src", "cannot import key", pass, rng);
    } catch (const core::Error& e) {
        if (why != nullptr) {
            *why = e.why();
        }
        return e.code();
    }
    return core::Errc::internal;  // no error: the callers expect one
}

std::string pem_of(const Botan::Private_Key& key) { return Botan::PKCS8::PEM_encode(key); }
}  // namespace

TEST_SUITE("keys::PrivateKeyCodec") {
    TEST_CASE("PKCS#8 PEM and DER, plain and encrypted, round trip") {
        Botan::AutoSeeded_RNG rng;
        Botan::ECDSA_PrivateKey key(rng, Botan::EC_Group("secp256r1"));
        const std::string plain = keys::encode_private_key(key, std::nullopt, rng);
        CHECK(plain.find("BEGIN PRIVATE KEY") != std::string::npos);
        auto back = keys::decode_private_key(plain, "p", "load", std::nullopt, rng);
        CHECK(back.format == "PKCS#8");
        CHECK_FALSE(back.encrypted);
        CHECK(keys::public_key_sha256(*back.key) == keys::public_key_sha256(key));

        const std::string enc = keys::encode_private_key(key, std::string("s3cret"), rng);
        CHECK(enc.find("BEGIN ENCRYPTED PRIVATE KEY") != std::string::npos);
        auto dec = keys::decode_private_key(enc, "p", "load", std::string("s3cret"), rng);
        CHECK(dec.encrypted);
        CHECK(keys::public_key_sha256(*dec.key) == keys::public_key_sha256(key));

        const auto der = Botan::PKCS8::BER_encode(key);
        auto from_der = keys::decode_private_key(std::string(der.begin(), der.end()), "d", "load", std::nullopt, rng);
        CHECK(keys::public_key_sha256(*from_der.key) == keys::public_key_sha256(key));
    }
    TEST_CASE("an unencrypted key is written as Botan's PKCS#8 PEM, byte for byte") {
        // certctl writes the PEM itself (no unwiped temporaries); files written before must stay identical.
        Botan::AutoSeeded_RNG rng;
        const Botan::ECDSA_PrivateKey ec(rng, Botan::EC_Group("secp256r1"));
        const Botan::ECDSA_PrivateKey ec384(rng, Botan::EC_Group("secp384r1"));
        const Botan::RSA_PrivateKey rsa(rng, 2048);
        for (const Botan::Private_Key* key : std::initializer_list<const Botan::Private_Key*>{&ec, &ec384, &rsa}) {
            CHECK(keys::encode_private_key(*key, std::nullopt, rng) == pem_of(*key));
        }
    }
    TEST_CASE("wrong or missing passphrase is bad input with a clear reason") {
        Botan::AutoSeeded_RNG rng;
        Botan::ECDSA_PrivateKey key(rng, Botan::EC_Group("secp256r1"));
        const std::string enc = keys::encode_private_key(key, std::string("right"), rng);
        std::string why;
        CHECK(error_of(enc, std::string("wrong"), &why) == core::Errc::bad_input);
        CHECK(why.find("wrong passphrase") != std::string::npos);
        CHECK(error_of(enc, std::nullopt, &why) == core::Errc::bad_input);
        CHECK(why.find("passphrase required") != std::string::npos);
    }
    TEST_CASE("PKCS#1 RSA PEM is read") {
        Botan::AutoSeeded_RNG rng;
        Botan::RSA_PrivateKey key(rng, 2048);
        const auto pkcs1 = key.private_key_bits();
        const std::string pem = keys::pem_encode(std::vector<std::uint8_t>(pkcs1.begin(), pkcs1.end()), "RSA PRIVATE KEY");
        auto back = keys::decode_private_key(pem, "p", "load", std::nullopt, rng);
        CHECK(back.format == "PKCS#1");
        CHECK(keys::spec_of(*back.key, "p", "load").to_string() == "rsa:2048");
    }
    TEST_CASE("bad inputs") {
        Botan::AutoSeeded_RNG rng;
        Botan::ECDSA_PrivateKey key(rng, Botan::EC_Group("secp384r1"));
        const std::string pem = pem_of(key);
        std::string why;
        CHECK(error_of("", std::nullopt, &why) == core::Errc::bad_input);
        CHECK(why.find("empty") != std::string::npos);
        CHECK(error_of("hello, world\n", std::nullopt, &why) == core::Errc::bad_input);
        CHECK(why.find("not a private key") != std::string::npos);
        CHECK(error_of(pem.substr(0, pem.size() / 2), std::nullopt, &why) == core::Errc::bad_input);
        CHECK(why.find("truncated PEM") != std::string::npos);
        CHECK(error_of(pem + pem, std::nullopt, &why) == core::Errc::bad_input);
        CHECK(why.find("2 private keys") != std::string::npos);
        CHECK(error_of("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", std::nullopt, &why) ==
              core::Errc::bad_input);
        CHECK(why.find("no private key") != std::string::npos);
        const auto der = Botan::PKCS8::BER_encode(key);
        CHECK(error_of(std::string(der.begin(), der.begin() + 40), std::nullopt) == core::Errc::bad_input);
        CHECK(error_of("-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n", std::nullopt) ==
              core::Errc::bad_input);
    }
    TEST_CASE("spec_of accepts table rows and refuses the rest") {
        Botan::AutoSeeded_RNG rng;
        CHECK(keys::spec_of(Botan::ECDSA_PrivateKey(rng, Botan::EC_Group("secp521r1")), "k", "a").to_string() ==
              "ec:secp521r1");
        CHECK_THROWS_AS(keys::spec_of(Botan::ECDSA_PrivateKey(rng, Botan::EC_Group("secp224r1")), "k", "a"),
                        core::Error);
        CHECK_THROWS_AS(keys::spec_of(Botan::RSA_PrivateKey(rng, 1024), "k", "a"), core::Error);
    }
}
