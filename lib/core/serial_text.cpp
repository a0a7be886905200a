// lib/core/serial_text.cpp — DER INTEGER contents as signed hex (see serial_text.h).
#include "lib/core/serial_text.h"

#include <vector>

namespace certctl::core {

std::string serial_text(const std::uint8_t* content, std::size_t size) {
    if (size == 0) {
        return "00";
    }
    std::vector<std::uint8_t> magnitude(content, content + size);
    const bool negative = (content[0] & 0x80) != 0;
    if (negative) {  // two's complement: invert, add one
        for (std::uint8_t& b : magnitude) {
            b = static_cast<std::uint8_t>(~b);
        }
        for (std::size_t i = magnitude.size(); i-- > 0;) {
            if (++magnitude[i] != 0) {
                break;
            }
        }
    }
    std::size_t skip = 0;
    while (skip + 1 < magnitude.size() && magnitude[skip] == 0) {
        ++skip;
    }
    static const char* const k_hex = "0123456789abcdef";
    std::string out = negative ? "-" : "";
    for (std::size_t i = skip; i < magnitude.size(); ++i) {
        out += k_hex[magnitude[i] >> 4];
        out += k_hex[magnitude[i] & 0x0f];
    }
    return out;
}

}  // namespace certctl::core
