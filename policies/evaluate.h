// policies/evaluate.h — pure evaluation: facts about one certificate, a time and thresholds -> verdict.
#pragma once
#include "lib/audit/alarm_store.h"
#include "lib/core/clock.h"
#include "lib/core/config.h"

#include <optional>
#include <string>
#include <vector>

namespace certctl::policies {

// Why a certificate alarms (or not). The rule table (severity_rules) gives each its severity.
enum class Condition { ok, missing, revoked, invalid, not_yet_valid, expired, expires_major, expires_minor };

struct Thresholds {
    core::Seconds minor{30 * 86400};
    core::Seconds major{7 * 86400};
};
// Throws Error(usage) when minor is shorter than major or either is zero.
void validate(const Thresholds& t);
// alarms.minor / alarms.major from the configuration, validated (a bad file value is Error(bad_input)).
Thresholds thresholds_from(const core::Config& config);

// What evaluation needs to know; anything unknown stays empty.
struct CertFacts {
    std::string name;
    std::optional<core::TimePoint> not_before;
    std::optional<core::TimePoint> not_after;
    std::optional<std::string> missing;  // a tracked file that is gone or unreadable: why
    std::optional<std::string> revoked;  // revoked: reason and date
    std::optional<std::string> invalid;  // bad chain, wrong role: why
};

struct Verdict {
    Condition condition = Condition::ok;
    std::optional<audit::Severity> severity;  // none when ok
    std::string reason;                       // "expires in 5 days (2026-03-06T00:00:00Z)"
    std::optional<core::Seconds> left;        // not_after - at (negative once expired)
};

// One row per condition, in precedence order: the first that matches decides.
struct SeverityRule {
    Condition condition;
    const char* name;  // stable, used in JSON: "expired", "expires_major", ...
    std::optional<audit::Severity> severity;
    bool (*matches)(const CertFacts& facts, core::TimePoint at, const Thresholds& t);
};
const std::vector<SeverityRule>& severity_rules();
const char* condition_name(Condition c);

// RFC 5280 4.1.2.5: valid from notBefore through notAfter, both inclusive, so the second after
// notAfter is expired. "Within 30 days" is inclusive: exactly 30 days left is minor.
Verdict evaluate(const CertFacts& facts, core::TimePoint at, const Thresholds& t);

// "5 days", "3 hours", "42 minutes", "12 seconds" (floor of the largest unit that is at least 1).
std::string human_span(core::Seconds span);

}  // namespace certctl::policies
