// lib/core/text_width.cpp — display width of UTF-8 text (see text_width.h).
#include "lib/core/text_width.h"

#include <cstdint>
#include <iterator>

namespace certctl::core {

namespace {
struct Range {
    std::uint32_t first;
    std::uint32_t last;
};

// Combining marks that print on the previous character (the common blocks, not all of Unicode's Mn).
constexpr Range k_zero_width[] = {{0x0300, 0x036F}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F},
                                  {0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}};
// East Asian Wide and Fullwidth blocks (Unicode's EastAsianWidth W/F, by block) and the emoji blocks.
constexpr Range k_wide[] = {{0x1100, 0x115F},   {0x2E80, 0x303E},   {0x3041, 0x33FF},   {0x3400, 0x4DBF},
                            {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},
                            {0xFE30, 0xFE4F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x1F300, 0x1F64F},
                            {0x1F900, 0x1F9FF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD}};

bool in(const Range* begin, const Range* end, std::uint32_t cp) {
    for (const Range* r = begin; r != end; ++r) {
        if (cp >= r->first && cp <= r->last) {
            return true;
        }
    }
    return false;
}

std::size_t columns_of(std::uint32_t cp) {
    if (cp < 0x300) {  // below every range above: Latin, the common case, without the table walk
        return 1;
    }
    if (in(std::begin(k_zero_width), std::end(k_zero_width), cp)) {
        return 0;
    }
    return in(std::begin(k_wide), std::end(k_wide), cp) ? 2 : 1;
}
}  // namespace

std::size_t display_width(const std::string& text) {
    std::size_t width = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        std::size_t length = 0;
        std::uint32_t cp = 0;
        if (lead < 0x80) {
            length = 1;
            cp = lead;
        } else if ((lead & 0xE0) == 0xC0) {
            length = 2;
            cp = lead & 0x1F;
        } else if ((lead & 0xF0) == 0xE0) {
            length = 3;
            cp = lead & 0x0F;
        } else if ((lead & 0xF8) == 0xF0) {
            length = 4;
            cp = lead & 0x07;
        }
        bool valid = length > 0 && i + length <= text.size();
        for (std::size_t k = 1; valid && k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            valid = (next & 0xC0) == 0x80;
            cp = (cp << 6) | (next & 0x3F);
        }
        if (!valid) {
            width += 1;
            i += 1;
            continue;
        }
        width += columns_of(cp);
        i += length;
    }
    return width;
}

std::string pad_to_width(const std::string& text, std::size_t columns) {
    const std::size_t width = display_width(text);
    return width >= columns ? text : text + std::string(columns - width, ' ');
}

}  // namespace certctl::core
