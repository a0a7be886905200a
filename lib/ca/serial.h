// lib/ca/serial.h — certificate serial numbers: random, positive, 126 bits (RFC 5280 4.1.2.2, CA/B 7.1).
#pragma once
#include <botan/rng.h>
#include <cstdint>
#include <string>
#include <vector>

namespace certctl::ca {

inline constexpr std::size_t k_serial_bytes = 16;

// 16 bytes, the first in 0x40..0x7f: positive without a sign byte, always 32 hex digits, 126 random bits.
std::vector<std::uint8_t> random_serial(Botan::RandomNumberGenerator& rng);

// `first` (a big-endian magnitude) plus `n`, minimally encoded: the n-th serial of a sequence an adopted CA
// continues.
std::vector<std::uint8_t> serial_plus(const std::vector<std::uint8_t>& first, std::size_t n);

// Lower-case hex without colons (the contract's form).
std::string serial_hex(const std::vector<std::uint8_t>& serial);

// Accepts what operators paste: upper or lower case, colons, a leading 0x, leading zero bytes.
// Returns the canonical form (as serial_hex of the minimal positive encoding), or "" when not hex.
std::string normalize_serial(const std::string& text);

}  // namespace certctl::ca
