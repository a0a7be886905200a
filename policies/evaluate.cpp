// policies/evaluate.cpp — the severity table and the evaluation that reads it.
#include "policies/evaluate.h"

#include "lib/core/duration.h"
#include "lib/core/error.h"
#include "lib/core/rfc3339.h"

namespace certctl::policies {

namespace {
using audit::Severity;

core::Seconds left_at(const CertFacts& f, core::TimePoint at) {
    return std::chrono::duration_cast<core::Seconds>(*f.not_after - at);
}

// Precedence: a missing file says nothing else; revocation and invalidity outrank dates.
const std::vector<SeverityRule> k_rules = {
    {Condition::missing, "missing", Severity::critical,
     [](const CertFacts& f, core::TimePoint, const Thresholds&) { return f.missing.has_value(); }},
    {Condition::revoked, "revoked", Severity::critical,
     [](const CertFacts& f, core::TimePoint, const Thresholds&) { return f.revoked.has_value(); }},
    {Condition::invalid, "invalid", Severity::critical,
     [](const CertFacts& f, core::TimePoint, const Thresholds&) { return f.invalid.has_value(); }},
    {Condition::not_yet_valid, "not_yet_valid", Severity::critical,
     [](const CertFacts& f, core::TimePoint at, const Thresholds&) { return f.not_before && at < *f.not_before; }},
    {Condition::expired, "expired", Severity::critical,
     [](const CertFacts& f, core::TimePoint at, const Thresholds&) { return f.not_after && at > *f.not_after; }},
    {Condition::expires_major, "expires_major", Severity::major,
     [](const CertFacts& f, core::TimePoint at, const Thresholds& t) {
         return f.not_after && left_at(f, at) <= t.major;
     }},
    {Condition::expires_minor, "expires_minor", Severity::minor,
     [](const CertFacts& f, core::TimePoint at, const Thresholds& t) {
         return f.not_after && left_at(f, at) <= t.minor;
     }},
    {Condition::ok, "ok", std::nullopt, [](const CertFacts&, core::TimePoint, const Thresholds&) { return true; }},
};

std::string reason_for(Condition c, const CertFacts& f, core::TimePoint at) {
    switch (c) {
        case Condition::missing: return "certificate file unavailable: " + *f.missing;
        case Condition::revoked: return "revoked: " + *f.revoked;
        case Condition::invalid: return "invalid: " + *f.invalid;
        case Condition::not_yet_valid:
            return "not valid until " + core::format_rfc3339(*f.not_before) + " (in " +
                   human_span(std::chrono::duration_cast<core::Seconds>(*f.not_before - at)) + ")";
        case Condition::expired: {
            // In days, the count the DAYS column shows (rounded down: 10.5 days past is -11, "11 days ago").
            const core::Seconds past = -left_at(f, at);
            const std::int64_t days = -core::whole_days(left_at(f, at));
            const std::string span =
                past >= core::Seconds(86400) ? std::to_string(days) + (days == 1 ? " day" : " days") : human_span(past);
            return "expired " + span + " ago (" + core::format_rfc3339(*f.not_after) + ")";
        }
        case Condition::expires_major:
        case Condition::expires_minor:
        case Condition::ok:
            if (!f.not_after) {
                return "no expiry date known";
            }
            return "expires in " + human_span(left_at(f, at)) + " (" + core::format_rfc3339(*f.not_after) + ")";
    }
    return {};
}
}  // namespace

const std::vector<SeverityRule>& severity_rules() { return k_rules; }

const char* condition_name(Condition c) {
    for (const SeverityRule& r : k_rules) {
        if (r.condition == c) {
            return r.name;
        }
    }
    return "ok";
}

void validate(const Thresholds& t) {
    if (t.minor.count() <= 0 || t.major.count() <= 0) {
        throw core::Error(core::Errc::usage, "invalid thresholds", "--minor/--major",
                          "a threshold must be longer than 0s", "write durations such as 30d and 7d");
    }
    if (t.minor < t.major) {
        throw core::Error(core::Errc::usage, "invalid thresholds", "--minor " + core::format_duration(t.minor),
                          "the minor threshold is shorter than the major one (" + core::format_duration(t.major) + ")",
                          "minor warns earlier than major: e.g. --minor 30d --major 7d");
    }
}

Thresholds thresholds_from(const core::Config& config) {
    Thresholds t{config.get_duration("alarms.minor"), config.get_duration("alarms.major")};
    try {
        validate(t);
    } catch (const core::Error& e) {
        throw core::Error(core::Errc::bad_input, "invalid configuration", "alarms.minor/alarms.major", e.why(),
                          "set alarms.minor longer than alarms.major in " + config.file().string());
    }
    return t;
}

Verdict evaluate(const CertFacts& facts, core::TimePoint at, const Thresholds& t) {
    for (const SeverityRule& rule : k_rules) {
        if (rule.matches(facts, at, t)) {
            Verdict v;
            v.condition = rule.condition;
            v.severity = rule.severity;
            v.reason = reason_for(rule.condition, facts, at);
            if (facts.not_after && !facts.missing) {
                v.left = left_at(facts, at);
            }
            return v;
        }
    }
    return {};
}

std::string human_span(core::Seconds span) {
    const long long s = span.count() < 0 ? -span.count() : span.count();
    struct Unit {
        long long seconds;
        const char* name;
    };
    static const Unit k_units[] = {{86400, "day"}, {3600, "hour"}, {60, "minute"}, {1, "second"}};
    for (const Unit& u : k_units) {
        if (s >= u.seconds || u.seconds == 1) {
            const long long n = s / u.seconds;
            return std::to_string(n) + " " + u.name + (n == 1 ? "" : "s");
        }
    }
    return "0 seconds";
}

}  // namespace certctl::policies
