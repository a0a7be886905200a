// cli/check_exit_codes.h — what `certctl check` exits with: its alarm level, or the Nagios plugin codes.
// Both are part of the command contract (docs/commands/check.md); the report itself knows only severities.
#pragma once
#include "policies/check.h"
#include "policies/check_render.h"

namespace certctl::cli {

// The worst severity found: 0 none, 1 minor, 2 major, 3 critical.
inline int check_exit_code(const policies::CheckReport& r) {
    const auto worst = r.worst();
    return worst ? static_cast<int>(*worst) : 0;
}

// The Nagios plugin convention: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
inline int nagios_exit_code(policies::NagiosStatus s) {
    switch (s) {
        case policies::NagiosStatus::ok:
            return 0;
        case policies::NagiosStatus::warning:
            return 1;
        case policies::NagiosStatus::critical:
            return 2;
        case policies::NagiosStatus::unknown:
            return 3;
    }
    return 3;
}

}  // namespace certctl::cli
