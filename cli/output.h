// cli/output.h — all printing: results on stdout (table or JSON), diagnostics on stderr.
#pragma once
#include "lib/core/error.h"

#include <functional>
#include <iosfwd>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace certctl::cli {

// The stream a result's human form is written to. Our own words (string literals, characters, numbers)
// pass as they are; every std::string is data that may come from outside (a certificate's subject, a
// file name, a field of an exchange file) and is written with its control characters escaped, newlines
// included, so it can neither recolour the terminal nor forge a line. `lines` takes several lines laid
// out here. Output escapes what remains (ESC in a C string) once more on the way out.
class TextOut final {
public:
    explicit TextOut(std::ostream& os) : m_os(os) {}
    TextOut& operator<<(const char* text) {
        m_os << text;
        return *this;
    }
    TextOut& operator<<(char c) {
        m_os << c;
        return *this;
    }
    TextOut& operator<<(const std::string& data) { return *this << std::string_view(data); }
    TextOut& operator<<(std::string_view data);
    template <class T>
    TextOut& operator<<(const T& value) {  // numbers and manipulators (std::setw, std::left)
        m_os << value;
        return *this;
    }
    TextOut& lines(const std::string& text);

private:
    std::ostream& m_os;
};

class Output final {
public:
    // Also decides whether long work shows a progress line (stderr a terminal, neither --json nor -q).
    void configure(bool json, bool quiet, bool verbose);
    bool json() const { return m_json; }
    bool quiet() const { return m_quiet; }

    // One result: with --json `doc` (pretty, one document), else `text` writes the human form.
    void result(const nlohmann::json& doc, const std::function<void(TextOut&)>& text);
    // Text a command composed in full (a report rendered elsewhere): written with control characters
    // escaped, its own newlines kept.
    void text(const std::string& text);
    // An aligned table; with --json, `doc` instead. Cells are data: escaped as TextOut does. Columns listed
    // in `right_aligned` (numbers) are padded on the left. A SEVERITY or ALARM column is coloured on a
    // terminal.
    void table(const nlohmann::json& doc, const std::vector<std::string>& headers,
               const std::vector<std::vector<std::string>>& rows, const std::vector<std::size_t>& right_aligned = {});
    // The bytes table() writes without --json, for a command that renders its table on another thread while
    // it goes on (check of a large inventory) and writes them with raw().
    std::string table_text(const std::vector<std::string>& headers, const std::vector<std::vector<std::string>>& rows,
                           const std::vector<std::size_t>& right_aligned = {}) const;
    // Bytes that are the result itself, handed over as they are (PEM, DER, the master list's CSV, an exchange
    // file): not text about a result, so nothing is escaped. Flushed.
    void raw(std::string_view bytes);
    void raw(std::istream& in);
    // "key: value" lines aligned on the colon; with --json, `doc` instead.
    void fields(const nlohmann::json& doc, const std::vector<std::pair<std::string, std::string>>& rows);

    void warning(const std::string& text);  // stderr "certctl: warning: ..." (even with -q: it matters)
    void info(const std::string& text);     // stderr, unless -q
    void verbose(const std::string& text);  // stderr, only with -v

    void error(const core::Error& e);
    void internal_error(const std::exception& e);
    void usage_error(const std::string& message, const std::string& hint);

private:
    bool m_json = false;
    bool m_quiet = false;
    bool m_verbose = false;
};

// Helpers shared by handlers.
std::string join(const std::vector<std::string>& items, const std::string& sep);

}  // namespace certctl::cli
