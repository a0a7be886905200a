// lib/core/serial_text.h — a certificate serial (the contents of a DER INTEGER) as certctl prints it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace certctl::core {

// Lower-case hex of the INTEGER's value without leading zero bytes, "-" before a negative one (two's
// complement undone): 00 -> "00", 0x00 0x8f -> "8f", 0xfb -> "-05". RFC 5280 wants positive serials, but
// certificates with zero and negative ones exist and must not print as another number.
std::string serial_text(const std::uint8_t* content, std::size_t size);

}  // namespace certctl::core
