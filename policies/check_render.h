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

nlohmann::json check_json(const CheckReport& r);
std::string check_text(const CheckReport& r);

// Nagios plugin output: one status line with perfdata, then one line per alarming certificate.
// `exit_code` gets 0 OK, 1 WARNING (minor), 2 CRITICAL (major, critical), 3 UNKNOWN (nothing checked).
std::string check_nagios(const CheckReport& r, int& exit_code);

// Text exposition format 0.0.4; accepted by `promtool check metrics`.
std::string check_prometheus(const CheckReport& r, const std::vector<CrlState>& crls);
std::string prometheus_label_value(const std::string& v);  // escapes \ " and newline

// Exit code of check for the worst severity: 0 none, 1 minor, 2 major, 3 critical.
int check_exit_code(const CheckReport& r);

}  // namespace certctl::policies
