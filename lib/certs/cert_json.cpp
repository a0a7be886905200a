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

// The keys in the order nlohmann's std::map keeps them, so the bytes equal record_json(...).dump(2).
void record_json_text(core::JsonText& p, const CertRecord& r, const std::string& days, const std::string& alarm,
                      const std::function<void(core::JsonText&)>& more) {
    p.open('{');
    p.key("action");
    p.text_or_null(r.action);
    p.key("alarm");
    p.text_or_null(alarm);
    p.key("days_left");
    days == "-" ? p.null() : p.integer(std::stoll(days));
    p.key("fingerprint");
    p.text(r.fingerprint);
    p.key("imported");
    p.text(r.imported);
    p.key("issuer");
    p.text(r.issuer);
    p.key("key");
    p.text_or_null(r.key_name);
    p.key("name");
    p.text(r.name);
    p.key("not_after");
    p.text(r.not_after);
    p.key("not_before");
    p.text(r.not_before);
    p.key("path");
    p.text_or_null(r.path);
    p.key("policy");
    p.text(r.policy);
    p.key("purpose");
    p.text(r.purpose);
    if (more) {
        more(p);
    }
    p.key("serial");
    p.text(r.serial);
    p.key("source");
    p.text(r.source);
    p.key("state");
    p.text(r.state);
    p.key("subject");
    p.text(r.subject);
    p.key("trust_bundle");
    p.text_or_null(r.trust_bundle);
    p.key("validation_mode");
    p.text_or_null(r.validation_mode);
    p.key("warnings");
    p.open('[');
    for (const std::string& w : r.warnings) {
        p.item();
        p.text(w);
    }
    p.close(']');
    p.close('}');
}

}  // namespace certctl::certs
