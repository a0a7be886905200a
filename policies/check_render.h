// policies/check_render.h — a CheckReport as text, a stable JSON document, Nagios plugin output and
// Prometheus text exposition. Pure functions: no printing, the CLI writes what they return.
#pragma once
#include "policies/check.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace certctl::policies {

// A CRL source's freshness for the Prometheus output (from the store, when it has CRL state).
struct CrlState {
    std::string name;
    std::optional<core::TimePoint> last_success;
    std::int64_t consecutive_failures = 0;
};

// The order every form lists certificates in: worst first, then soonest to expire (what needs attention first).
std::vector<const CheckedCert*> worst_first(const CheckReport& r);

// `exit_code`: what the front end exits with (it decides; the document reports it).
nlohmann::json check_json(const CheckReport& r, int exit_code);

// The human form is a table, worst first (printed and coloured by the front end, which escapes the cells),
// then the footer: the store's own alarms and the summary line.
struct CheckTable {
    std::vector<std::string> headers;
    std::vector<std::vector<std::string>> rows;  // raw values: the printer escapes them
    std::vector<std::size_t> right_aligned;      // column indexes (numbers)
};
CheckTable check_table(const CheckReport& r);
std::string check_footer(const CheckReport& r);

// Nagios plugin output: one status line with perfdata, then one line per alarming certificate. The status:
// OK, WARNING (minor), CRITICAL (major, critical), UNKNOWN (nothing checked); the front end maps it to the
// plugin's exit code.
enum class NagiosStatus { ok, warning, critical, unknown };
struct NagiosOutput {
    std::string text;
    NagiosStatus status = NagiosStatus::unknown;
};
NagiosOutput check_nagios(const CheckReport& r);

// Text exposition format 0.0.4; accepted by `promtool check metrics`.
std::string check_prometheus(const CheckReport& r, const std::vector<CrlState>& crls);
std::string prometheus_label_value(const std::string& v);  // escapes \ " and newline

}  // namespace certctl::policies
