// lib/core/text_width.h — how many terminal columns a UTF-8 string takes, so text tables line up when a
// subject holds "é" (two bytes, one column) or "証" (three bytes, two columns).
#pragma once
#include <cstddef>
#include <string>

namespace certctl::core {

// Columns of `text` on a terminal: one per code point, two for East Asian wide and fullwidth characters,
// none for combining marks; a byte that is not valid UTF-8 counts as one column (it prints as one
// replacement character).
std::size_t display_width(const std::string& text);

// `text` followed by spaces up to `columns` display columns (nothing added when it is already wider).
std::string pad_to_width(const std::string& text, std::size_t columns);

}  // namespace certctl::core
