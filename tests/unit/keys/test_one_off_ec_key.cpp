// tests/unit/keys/test_one_off_ec_key.cpp — a key made without Botan's curve tables encodes as Botan's own.
#include "lib/keys/key_spec.h"
#include "lib/keys/key_store.h"
#include "lib/keys/one_off_ec_key.h"
#include "lib/keys/private_key_codec.h"
#include "tests/unit/test_dir.h"

#include <botan/auto_rng.h>
#include <botan/ec_group.h>
#include <botan/ecdsa.h>
#include <botan/pkcs8.h>
#include <botan/pubkey.h>
#include <botan/x509_key.h>
#include <doctest/doctest.h>
#include <memory>

using namespace certctl;

namespace {
std::vector<keys::KeySpec> ec_specs() {
    std::vector<keys::KeySpec> out;
    for (const keys::KeySpec& s : keys::KeySpec::all()) {
        if (s.type == keys::KeySpec::Type::ec) {
            out.push_back(s);
        }
    }
    return out;
}

// Botan's key and the one-off key for the same scalar: every encoding certctl writes must be the same bytes.
void check_same_encodings(const keys::KeySpec& spec, const Botan::BigInt& scalar, Botan::RandomNumberGenerator& rng) {
    const Botan::ECDSA_PrivateKey botan(rng, Botan::EC_Group(spec.curve), scalar);
    const auto ours = keys::one_off_ec_key_from(spec, scalar, rng);
    INFO(spec.curve << " scalar " << scalar.to_hex_string());
    CHECK(ours->algo_name() == botan.algo_name());
    CHECK(ours->key_length() == botan.key_length());
    CHECK(ours->estimated_strength() == botan.estimated_strength());
    CHECK(ours->public_key_bits() == botan.public_key_bits());
    CHECK(ours->private_key_bits() == botan.private_key_bits());
    CHECK(Botan::PKCS8::PEM_encode(*ours) == Botan::PKCS8::PEM_encode(botan));
    CHECK(Botan::X509::PEM_encode(*ours) == Botan::X509::PEM_encode(botan));
    CHECK(keys::public_key_sha256(*ours) == keys::public_key_sha256(botan));
}
}  // namespace

TEST_SUITE("keys::one_off_ec_key") {
    TEST_CASE("the built-in domain parameters are Botan's for every EC spec") {
        // Encodings equal for scalars 1 and 2 mean G and 2G are Botan's, so p, a, b and the base point are;
        // the order is compared directly, as it only bounds the scalar.
        Botan::AutoSeeded_RNG rng;
        for (const keys::KeySpec& spec : ec_specs()) {
            check_same_encodings(spec, 1, rng);
            check_same_encodings(spec, 2, rng);
            const Botan::EC_Group group(spec.curve);
            CHECK_THROWS(keys::one_off_ec_key_from(spec, group.get_order(), rng));
            CHECK_NOTHROW(keys::one_off_ec_key_from(spec, group.get_order() - 1, rng));
        }
    }
    TEST_CASE("encodings are byte-identical to Botan's ECDSA_PrivateKey for random and short scalars") {
        Botan::AutoSeeded_RNG rng;
        for (const keys::KeySpec& spec : ec_specs()) {
            const Botan::BigInt order = Botan::EC_Group(spec.curve).get_order();
            for (int i = 0; i < 8; ++i) {
                check_same_encodings(spec, Botan::BigInt::random_integer(rng, 1, order), rng);
            }
            // Scalars with leading zero bytes: Botan 2.19 writes the scalar in its minimal length.
            check_same_encodings(spec, Botan::BigInt::random_integer(rng, 1, Botan::BigInt::power_of_2(order.bits() - 9)),
                                 rng);
            check_same_encodings(spec, 0x1234, rng);
        }
    }
    TEST_CASE("a made key loads back, passes the strong check and signs for its public key") {
        Botan::AutoSeeded_RNG rng;
        for (const keys::KeySpec& spec : ec_specs()) {
            const auto made = keys::make_one_off_ec_key(spec, rng);
            for (const std::optional<std::string>& passphrase : {std::optional<std::string>(), std::optional<std::string>("pw")}) {
                const std::string pem = keys::encode_private_key(*made, passphrase, rng);
                const keys::DecodedKey loaded = keys::decode_private_key(pem, "made", "test", passphrase, rng);  // strong check
                CHECK(loaded.key->public_key_bits() == made->public_key_bits());
                CHECK(keys::spec_of(*loaded.key, "made", "test") == spec);
                Botan::PK_Signer signer(*loaded.key, rng, "EMSA1(SHA-256)");
                const auto signature = signer.sign_message(std::vector<std::uint8_t>{1, 2, 3}, rng);
                // X509::load_key hands over a raw pointer (a leak without the unique_ptr: AddressSanitizer)
                const std::unique_ptr<Botan::Public_Key> public_key(
                    Botan::X509::load_key(Botan::X509::BER_encode(*made)));
                Botan::PK_Verifier verifier(*public_key, "EMSA1(SHA-256)");
                CHECK(verifier.verify_message(std::vector<std::uint8_t>{1, 2, 3}, signature));
            }
        }
    }
    TEST_CASE("two made keys differ") {
        Botan::AutoSeeded_RNG rng;
        const keys::KeySpec spec = keys::KeySpec::default_spec();
        CHECK(keys::make_one_off_ec_key(spec, rng)->private_key_bits() !=
              keys::make_one_off_ec_key(spec, rng)->private_key_bits());
    }
}
