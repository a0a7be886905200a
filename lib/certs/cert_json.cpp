// lib/certs/cert_json.cpp — an inventory row as JSON.
#include "lib/certs/cert_json.h"

#include "lib/core/duration.h"
#include "lib/core/rfc3339.h"

namespace certctl::certs {

std::string days_left(const std::string& not_after, core::TimePoint now) {
    if (not_after.empty()) {
        return "-";
    }
    try {
        const auto secs = core::to_unix(core::parse_time(not_after)) - core::to_unix(now);
        return std::to_string(core::whole_days(core::Seconds(secs)));  // the rule of "expired N days ago" too
    } catch (const std::exception&) {
        return "-";
    }
}

nlohmann::json record_json(const CertRecord& r, const std::string& days, const std::string& alarm) {
    const auto opt = [](const std::string& v) { return v.empty() ? nlohmann::json(nullptr) : nlohmann::json(v); };
    return {{"name", r.name},
            {"source", r.source},
            {"path", opt(r.path)},
            {"subject", r.subject},
            {"issuer", r.issuer},
            {"serial", r.serial},
            {"not_before", r.not_before},
            {"not_after", r.not_after},
            {"days_left", days == "-" ? nlohmann::json(nullptr) : nlohmann::json(std::stoll(days))},
            {"fingerprint", r.fingerprint},
            {"purpose", r.purpose},
            {"state", r.state},
            {"policy", r.policy},
            {"action", opt(r.action)},
            {"key", opt(r.key_name)},
            {"trust_bundle", opt(r.trust_bundle)},
            {"validation_mode", opt(r.validation_mode)},
            {"warnings", r.warnings},
            {"imported", r.imported},
            {"alarm", opt(alarm)}};
}

}  // namespace certctl::certs
