// cli/output.cpp — text tables, JSON documents and the error format of the contract.
#include "cli/output.h"

#include "lib/core/printable.h"

#include <algorithm>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace certctl::cli {

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

void Output::table(const nlohmann::json& doc, const std::vector<std::string>& headers,
                   const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::vector<std::string>> cells;
    for (const auto& row : rows) {
        cells.emplace_back();
        for (const auto& cell : row) {
            cells.back().push_back(core::printable(cell));
        }
    }
    result(doc, [&](TextOut& os) {
        std::vector<std::size_t> width(headers.size(), 0);
        for (std::size_t i = 0; i < headers.size(); ++i) {
            width[i] = headers[i].size();
        }
        for (const auto& row : cells) {
            for (std::size_t i = 0; i < row.size() && i < width.size(); ++i) {
                width[i] = std::max(width[i], row[i].size());
            }
        }
        auto print = [&](const std::vector<std::string>& row) {
            std::string line;
            for (std::size_t i = 0; i < row.size() && i < width.size(); ++i) {
                line += row[i];
                if (i + 1 < row.size()) {
                    line += std::string(width[i] - row[i].size() + 2, ' ');
                }
            }
            os << line << '\n';
        };
        print(headers);
        for (const auto& row : cells) {
            print(row);
        }
    });
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

void Output::warning(const std::string& text) { std::cerr << "certctl: warning: " << core::printable(text) << std::endl; }

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

void Output::progress(std::size_t done, std::size_t total, const std::string& label) {
    if (m_quiet || ::isatty(STDERR_FILENO) == 0) {
        return;
    }
    std::cerr << "\r" << core::printable(label) << " " << done << "/" << total << (done >= total ? "\n" : "") << std::flush;
}

void Output::error(const core::Error& e) {
    std::cerr << "certctl: error: " << core::printable(e.what()) << "\n";
    if (!e.hint().empty()) {
        std::cerr << "hint: " << core::printable(e.hint()) << "\n";
    }
    if (m_json) {
        nlohmann::json err = {{"code", core::errc_name(e.code())}, {"message", e.what()},
                              {"subject", e.subject()}, {"hint", e.hint()}};
        std::cout << nlohmann::json{{"error", err}}.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
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
