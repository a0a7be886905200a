// lib/core/printable.cpp — printable (see printable.h).
#include "lib/core/printable.h"

#include <cstdint>
#include <cstdio>

namespace certctl::core {

namespace {
void hex_escape(std::string& out, unsigned value, const char* format) {
    char buf[16];
    std::snprintf(buf, sizeof buf, format, value);
    out += buf;
}

// Length of the well-formed UTF-8 sequence at `i`, or 0 when the bytes there are not UTF-8.
std::size_t utf8_length(std::string_view s, std::size_t i) {
    const auto b = [&](std::size_t k) { return static_cast<std::uint8_t>(s[i + k]); };
    const std::uint8_t c = b(0);
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        cp = c & 0x07u;
    } else {
        return 0;
    }
    if (i + n > s.size()) {
        return 0;
    }
    for (std::size_t k = 1; k < n; ++k) {
        if ((b(k) & 0xC0u) != 0x80u) {
            return 0;
        }
        cp = (cp << 6) | (b(k) & 0x3Fu);
    }
    const bool overlong = (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000);
    const bool surrogate = cp >= 0xD800 && cp <= 0xDFFF;
    return overlong || surrogate || cp > 0x10FFFF ? 0 : n;
}
}  // namespace

std::string printable(std::string_view text, bool keep_newlines) {
    // Most text is plain printable ASCII: copied in runs, not byte by byte (a table of 100,000 rows escapes
    // 800,000 cells, then the whole text once more).
    const auto plain = [keep_newlines](std::uint8_t c) {
        return (c >= 0x20 && c < 0x7F) || (keep_newlines && c == '\n');
    };
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<std::uint8_t>(text[i]);
        if (plain(c)) {
            std::size_t end = i + 1;
            while (end < text.size() && plain(static_cast<std::uint8_t>(text[end]))) {
                ++end;
            }
            out.append(text.substr(i, end - i));
            i = end;
            continue;
        }
        if (c < 0x80) {  // C0 and DEL
            switch (c) {
                case '\n':
                    out += keep_newlines ? "\n" : "\\n";
                    break;
                case '\r':
                    out += "\\r";
                    break;
                case '\t':
                    out += "\\t";
                    break;
                case 0x1B:
                    out += "\\e";
                    break;
                default:
                    hex_escape(out, c, "\\x%02x");
            }
            ++i;
            continue;
        }
        const std::size_t n = utf8_length(text, i);
        if (n == 0) {
            hex_escape(out, c, "\\x%02x");
            ++i;
            continue;
        }
        if (n == 2 && c == 0xC2 && static_cast<std::uint8_t>(text[i + 1]) < 0xA0) {  // C1: U+0080..U+009F
            hex_escape(out, static_cast<std::uint8_t>(text[i + 1]), "\\u%04x");
        } else {
            out.append(text.substr(i, n));
        }
        i += n;
    }
    return out;
}

}  // namespace certctl::core
