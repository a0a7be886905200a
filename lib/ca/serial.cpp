// lib/ca/serial.cpp — random serials and their text form.
#include "lib/ca/serial.h"

#include <botan/bigint.h>
#include <botan/hex.h>
#include <cctype>

namespace certctl::ca {

std::vector<std::uint8_t> random_serial(Botan::RandomNumberGenerator& rng) {
    std::vector<std::uint8_t> serial(k_serial_bytes);
    rng.randomize(serial.data(), serial.size());
    // Top bit clear keeps the DER INTEGER positive with no 0x00 prefix; the next bit set keeps the length
    // fixed, so a serial never loses a leading byte and its text form is always 32 digits.
    serial[0] = static_cast<std::uint8_t>((serial[0] & 0x3f) | 0x40);
    return serial;
}

std::vector<std::uint8_t> serial_plus(const std::vector<std::uint8_t>& first, std::size_t n) {
    const Botan::BigInt next = Botan::BigInt::decode(first) + Botan::BigInt(static_cast<std::uint64_t>(n));
    return Botan::BigInt::encode(next);
}

std::string serial_hex(const std::vector<std::uint8_t>& serial) { return Botan::hex_encode(serial, false); }

std::string normalize_serial(const std::string& text) {
    std::string hex;
    std::size_t start = 0;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        start = 2;
    }
    for (std::size_t i = start; i < text.size(); ++i) {
        const char c = text[i];
        if (c == ':') {
            continue;
        }
        if (!std::isxdigit(static_cast<unsigned char>(c))) {
            return "";
        }
        hex += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    std::size_t first = hex.find_first_not_of('0');
    if (hex.empty() || first == std::string::npos) {
        return "";  // zero is never a valid serial
    }
    hex = hex.substr(first);
    if (hex.size() % 2 != 0) {
        hex.insert(0, "0");
    }
    return hex;
}

}  // namespace certctl::ca
