// cli/output.cpp — text tables, JSON documents and the error format of the contract.
#include "cli/output.h"

#include "cli/progress_line.h"
#include "lib/core/error_json.h"
#include "lib/core/printable.h"
#include "lib/core/text_width.h"

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace certctl::cli {

namespace {
// https://no-color.org: any non-empty NO_COLOR turns colours off.
bool use_colour() {
    const char* no_colour = std::getenv("NO_COLOR");
    return (no_colour == nullptr || *no_colour == '\0') && ::isatty(STDOUT_FILENO) == 1;
}

// The colour of a severity (alarm) cell, or nullptr for anything else ("-", "none").
const char* severity_colour(const std::string& cell) {
    if (cell == "critical") {
        return "\033[1;31m";
    }
    if (cell == "major") {
        return "\033[31m";
    }
    if (cell == "minor") {
        return "\033[33m";
    }
    if (cell == "ok") {
        return "\033[32m";
    }
    return nullptr;
}
}  // namespace

std::string join(const std::vector<std::string>& items, const std::string& sep) {
    std::string out;
    for (const auto& item : items) {
        out += (out.empty() ? "" : sep) + item;
    }
    return out;
}

TextOut& TextOut::operator<<(std::string_view data) {
    m_os << core::printable(data);
    return *this;
}

TextOut& TextOut::lines(const std::string& text) {
    m_os << core::printable(text, true);
    return *this;
}

void Output::result(const nlohmann::json& doc, const std::function<void(TextOut&)>& text) {
    if (m_json) {
        std::cout << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else {
        std::ostringstream buffer;
        TextOut out(buffer);
        text(out);
        std::cout << core::printable(buffer.str(), true);
    }
    std::cout.flush();
}

void Output::text(const std::string& text) {
    std::cout << core::printable(text, true) << std::flush;
}

void Output::raw(std::string_view bytes) {
    std::cout.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    std::cout.flush();
}

void Output::raw(std::istream& in) {
    std::cout << in.rdbuf();
    std::cout.flush();
}

namespace {
struct Cell {
    std::string text;   // escaped (core::printable)
    std::size_t width;  // its display width
};
using CellRow = std::vector<Cell>;

// Each cell escaped and measured once (a listing of 100,000 certificates has 800,000 of them).
std::vector<CellRow> escaped_cells(const std::vector<std::vector<std::string>>& rows) {
    std::vector<CellRow> cells;
    cells.reserve(rows.size());
    for (const auto& row : rows) {
        cells.emplace_back();
        cells.back().reserve(row.size());
        for (const auto& cell : row) {
            std::string text = core::printable(cell);
            const std::size_t width = core::display_width(text);
            cells.back().push_back({std::move(text), width});
        }
    }
    return cells;
}

// How a table is laid out: each column's width, the right-aligned columns, the severity columns (coloured on
// a terminal). The cells were escaped, so colour codes added here are the only control characters on a line.
class TableLayout final {
public:
    TableLayout(const std::vector<std::string>& headers, const std::vector<CellRow>& cells,
                const std::vector<std::size_t>& right_aligned, bool colour)
        : m_width(headers.size()), m_right(headers.size()), m_severity(headers.size()), m_colour(colour) {
        for (std::size_t i = 0; i < headers.size(); ++i) {
            m_width[i] = headers[i].size();
            m_severity[i] = headers[i] == "SEVERITY" || headers[i] == "ALARM";
            m_right[i] = std::find(right_aligned.begin(), right_aligned.end(), i) != right_aligned.end();
        }
        for (const auto& row : cells) {
            for (std::size_t i = 0; i < row.size() && i < m_width.size(); ++i) {
                m_width[i] = std::max(m_width[i], row[i].width);
            }
        }
    }

    std::string line(const CellRow& row, bool heading) const {
        std::string out;
        for (std::size_t i = 0; i < row.size() && i < m_width.size(); ++i) {
            const std::string& text = row[i].text;
            const char* on = m_colour && !heading && m_severity[i] ? severity_colour(text) : nullptr;
            const std::size_t pad = m_width[i] - row[i].width;
            if (m_right[i]) {
                out.append(pad, ' ');
            }
            if (on != nullptr) {
                out.append(on).append(text).append("\033[0m");
            } else {
                out += text;
            }
            if (i + 1 < row.size()) {
                out.append(m_right[i] ? 0 : pad, ' ').append("  ");
            }
        }
        return out;
    }

private:
    std::vector<std::size_t> m_width;
    std::vector<bool> m_right, m_severity;
    bool m_colour;
};
}  // namespace

void Output::table(const nlohmann::json& doc, const std::vector<std::string>& headers,
                   const std::vector<std::vector<std::string>>& rows, const std::vector<std::size_t>& right_aligned) {
    if (m_json) {
        result(doc, [](TextOut&) {});
        return;
    }
    raw(table_text(headers, rows, right_aligned));
}

std::string Output::table_text(const std::vector<std::string>& headers,
                               const std::vector<std::vector<std::string>>& rows,
                               const std::vector<std::size_t>& right_aligned) const {
    const std::vector<CellRow> cells = escaped_cells(rows);
    CellRow heading;
    for (const std::string& h : headers) {
        heading.push_back({h, h.size()});
    }
    const bool colour = use_colour();
    const TableLayout layout(headers, cells, right_aligned, colour);
    std::string out = layout.line(heading, true);
    out += '\n';
    for (const auto& row : cells) {
        out += layout.line(row, false);
        out += '\n';
    }
    // Severity columns are coloured on a terminal (never with NO_COLOR, never with --json): those lines are
    // written as they are; others are escaped once more, as every text result is.
    return colour ? out : core::printable(out, true);
}

void Output::fields(const nlohmann::json& doc, const std::vector<std::pair<std::string, std::string>>& rows) {
    result(doc, [&](TextOut& os) {
        std::size_t width = 0;
        for (const auto& [k, v] : rows) {
            width = std::max(width, k.size());
        }
        for (const auto& [k, v] : rows) {
            os << k << ":" << std::string(width - k.size() + 1, ' ') << v << "\n";
        }
    });
}

void Output::warning(const std::string& text) {
    std::cerr << "certctl: warning: " << core::printable(text) << std::endl;
}

void Output::info(const std::string& text) {
    if (!m_quiet) {
        std::cerr << core::printable(text, true) << std::endl;
    }
}

void Output::verbose(const std::string& text) {
    if (m_verbose) {
        std::cerr << "certctl: " << core::printable(text, true) << std::endl;
    }
}

void Output::configure(bool json, bool quiet, bool verbose) {
    m_json = json;
    m_quiet = quiet;
    m_verbose = verbose;
    enable_progress_line(!json && !quiet && ::isatty(STDERR_FILENO) == 1);
}

void Output::error(const core::Error& e) {
    std::cerr << "certctl: error: " << core::printable(e.what()) << "\n";
    if (!e.hint().empty()) {
        std::cerr << "hint: " << core::printable(e.hint()) << "\n";
    }
    if (m_json) {
        std::cout << core::error_json(e).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    }
}

void Output::internal_error(const std::exception& e) {
    error(core::Error(core::Errc::internal, "internal error", "", e.what(),
                      "this is a bug in certctl: please report it with the command you ran"));
}

void Output::usage_error(const std::string& message, const std::string& hint) {
    error(core::Error(core::Errc::usage, "usage", "", message, hint));
}

}  // namespace certctl::cli
