// lib/core/json_text.cpp — see json_text.h.
#include "lib/core/json_text.h"

#include "lib/core/rfc3339.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace certctl::core {

// nlohmann's escapes without ensure_ascii: the two-character forms, \u00xx for the other control characters,
// everything else as it is. A string with bytes above 0x7f is left to nlohmann itself (its UTF-8 check and
// the replacement of invalid sequences).
void JsonText::text(std::string_view s) {
    const std::size_t mark = out.size();
    out += '"';
    // Runs of characters that need no escape are appended whole (a character at a time was a tenth of
    // `cert list --json` of a large inventory).
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            continue;
        }
        if (c >= 0x80) {
            out.resize(mark);
            out += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
            return;
        }
        out.append(s.data() + run, i - run);
        run = i + 1;
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default: {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
                out += buf;
            }
        }
    }
    out.append(s.data() + run, s.size() - run);
    out += '"';
}

// format_rfc3339's text, quoted, written in place for the years it writes with four digits (a check
// writes three or four times per certificate, and its snprintf was a tenth of a large check).
void JsonText::time(core::TimePoint at) {
    const CivilTime c = civil_time(to_unix(at));
    if (c.year < 0 || c.year > 9999) {
        text(format_rfc3339(at));
        return;
    }
    char buf[23] = "\"0000-00-00T00:00:00Z\"";
    const auto put = [&buf](int pos, unsigned v, int width) {
        for (int i = width - 1; i >= 0; --i, v /= 10) {
            buf[pos + i] = static_cast<char>('0' + v % 10);
        }
    };
    put(1, static_cast<unsigned>(c.year), 4);
    put(6, c.month, 2);
    put(9, c.day, 2);
    put(12, c.hour, 2);
    put(15, c.minute, 2);
    put(18, c.second, 2);
    out.append(buf, 22);
}

}  // namespace certctl::core
