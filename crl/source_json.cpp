// crl/source_json.cpp — a CRL source row as JSON.
#include "crl/source_json.h"

#include "lib/core/duration.h"
#include "lib/core/rfc3339.h"

namespace certctl::crl {

namespace {
nlohmann::json opt(const std::optional<std::string>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}
nlohmann::json opt(const std::optional<std::int64_t>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}
}  // namespace

std::string state_of(const Source& s, core::TimePoint now) {
    if (s.consecutive_failures > 0) {
        return "failing";
    }
    if (!s.last_success) {
        return "never-fetched";
    }
    if (s.next_update && core::parse_time(*s.next_update) < now) {
        return "stale";
    }
    return "ok";
}

nlohmann::json source_json(const Source& s, core::TimePoint now) {
    return {{"name", s.name},
            {"url", s.url},
            {"issuer_file", s.issuer_pem.has_value()},
            {"trust_bundle", opt(s.trust_bundle)},
            {"tls_bundle", opt(s.tls_bundle)},
            {"polling_interval", core::format_duration(core::Seconds(s.polling_interval))},
            {"backoff_interval", core::format_duration(core::Seconds(s.backoff_interval))},
            {"state", state_of(s, now)},
            {"issuer", opt(s.issuer)},
            {"crl_number", opt(s.crl_number)},
            {"this_update", opt(s.this_update)},
            {"next_update", opt(s.next_update)},
            {"entries", opt(s.entries)},
            {"size", opt(s.size)},
            {"etag", opt(s.etag)},
            {"last_modified", opt(s.last_modified)},
            {"last_attempt", opt(s.last_attempt)},
            {"last_success", opt(s.last_success)},
            {"next_attempt", s.next_attempt},
            {"consecutive_failures", s.consecutive_failures},
            {"last_error", opt(s.last_error)},
            {"created", s.created}};
}

}  // namespace certctl::crl
