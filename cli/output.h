// cli/output.h — all printing: results on stdout (table or JSON), diagnostics on stderr.
#pragma once
#include "lib/core/error.h"

#include <functional>
#include <iosfwd>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace certctl::cli {

class Output final {
public:
    void configure(bool json, bool quiet, bool verbose) {
        m_json = json;
        m_quiet = quiet;
        m_verbose = verbose;
    }
    bool json() const { return m_json; }
    bool quiet() const { return m_quiet; }

    // One result: with --json `doc` (pretty, one document), else `text` writes the human form.
    void result(const nlohmann::json& doc, const std::function<void(std::ostream&)>& text);
    // An aligned table; with --json, `doc` instead.
    void table(const nlohmann::json& doc, const std::vector<std::string>& headers,
               const std::vector<std::vector<std::string>>& rows);
    // "key: value" lines aligned on the colon; with --json, `doc` instead.
    void fields(const nlohmann::json& doc, const std::vector<std::pair<std::string, std::string>>& rows);

    void warning(const std::string& text);  // stderr "certctl: warning: ..." (even with -q: it matters)
    void info(const std::string& text);     // stderr, unless -q
    void verbose(const std::string& text);  // stderr, only with -v
    void progress(std::size_t done, std::size_t total, const std::string& label);  // stderr, only on a tty

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
