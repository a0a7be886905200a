// lib/keys/key_spec.h — the key algorithms certctl makes: one table, parsed from "rsa:N" / "ec:CURVE".
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace certctl::keys {

struct KeySpec {
    enum class Type { rsa, ec } type = Type::ec;
    std::size_t rsa_bits = 0;  // Type::rsa: 2048..4096, a multiple of 256
    std::string curve;         // Type::ec: secp256r1, secp384r1, secp521r1

    // "rsa:3072", "ec:secp384r1" (case-insensitive; "ecc:" and the curve's upper case accepted).
    // Throws Error(usage) listing what is allowed.
    static KeySpec parse(const std::string& text);
    static KeySpec default_spec() { return KeySpec{Type::ec, 0, "secp256r1"}; }
    std::string to_string() const;
    // For messages: "rsa:2048, rsa:2304, ... rsa:4096, ec:secp256r1, ec:secp384r1, ec:secp521r1".
    static std::string allowed();
    // Every spec of the table, RSA sizes first, then curves.
    static std::vector<KeySpec> all();
    // RSA modulus bits, or the curve's field size (256, 384, 521).
    std::size_t bits() const;
    bool operator==(const KeySpec& other) const {
        return type == other.type && rsa_bits == other.rsa_bits && curve == other.curve;
    }
};

}  // namespace certctl::keys
