// lib/core/json_text.h — JSON text written straight, byte-identical to nlohmann::json's dump(2, ' ', false,
// error_handler_t::replace) of the same document: for the large listings (check, cert list) where building
// the nlohmann tree (a std::map per row) cost more than the work behind it. The caller writes members in the
// order nlohmann's std::map keeps them (sorted by key); unit tests hold each writer to nlohmann's bytes.
#pragma once
#include "lib/core/clock.h"

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace certctl::core {

class JsonText final {
public:
    std::string out;

    // "{" or "[": each member or item then goes on its own line one level deeper; close() puts "}" or "]"
    // on a line of its own ("{}" or "[]" when empty).
    void open(char c) {
        out += c;
        m_first.push_back(true);
    }
    void close(char c) {
        const bool empty = m_first.back();
        m_first.pop_back();
        if (!empty) {
            newline();
        }
        out += c;
    }
    void item() {  // before each array item
        if (!m_first.back()) {
            out += ',';
        }
        m_first.back() = false;
        newline();
    }
    void key(std::string_view k) {  // keys are plain ASCII: nothing to escape
        item();
        out += '"';
        out += k;
        out += "\": ";
    }
    void null() { out += "null"; }
    void boolean(bool b) { out += b ? "true" : "false"; }
    template <typename Int>
    void integer(Int v) {
        char buf[24];
        out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
    }
    // Goes on with a document another JsonText began: `depth` objects or arrays open, each with a member or
    // item written already (a large document rendered in pieces on several threads).
    void resume(std::size_t depth) { m_first.assign(depth, false); }
    void time(TimePoint at);  // format_rfc3339's text, quoted
    void text(std::string_view s);
    void text_or_null(const std::string& s) { s.empty() ? null() : text(s); }

private:
    std::vector<bool> m_first;
    void newline() {
        out += '\n';
        out.append(m_first.size() * 2, ' ');
    }
};

}  // namespace certctl::core
