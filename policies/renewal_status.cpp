// policies/renewal_status.cpp — a certificate's renewal state from its validity, the backoffs and its history.
#include "policies/renewal_status.h"

#include "lib/core/json_text.h"
#include "lib/core/rfc3339.h"
#include "policies/evaluate.h"

#include <algorithm>

namespace certctl::policies {

core::TimePoint renewal_time(core::TimePoint not_before, core::TimePoint not_after, core::Seconds renew_before,
                             core::Seconds major) {
    const auto lifetime = std::chrono::duration_cast<core::Seconds>(not_after - not_before);
    core::Seconds ahead = renew_before;
    if (ahead.count() == 0) {
        ahead = lifetime / 3;
        ahead = std::max(ahead, major + core::Seconds(86400));  // renewed before the major alarm would fire
    }
    ahead = std::min(ahead, lifetime / 2);
    return not_after - ahead;
}

RenewalStatusReader::RenewalStatusReader(storage::Database& db, const core::Config& config)
    : m_auto(config.get("renewal.auto") == "on"),
      m_renew_before(config.get_duration("renewal.renew_before")),
      m_major(thresholds_from(config).major) {
    if (m_auto) {
        m_retries = certs::RenewalRetries(db).all();
        m_renewed = certs::last_renewals(db);
    }
}

std::optional<RenewalStatus> RenewalStatusReader::of(const std::string& name, const std::string& source,
                                                     const std::string& not_before, const std::string& not_after,
                                                     core::TimePoint now) const {
    if (not_before.empty() || not_after.empty()) {
        return std::nullopt;
    }
    return of(name, source, core::parse_time(not_before), core::parse_time(not_after), now);
}

std::optional<RenewalStatus> RenewalStatusReader::of(const std::string& name, const std::string& source,
                                                     core::TimePoint not_before, core::TimePoint not_after,
                                                     core::TimePoint now) const {
    if (!m_auto || source != "issued") {
        return std::nullopt;
    }
    const auto whole = [](core::TimePoint t) { return core::from_unix(core::to_unix(t)); };
    RenewalStatus s;
    s.renew_at = renewal_time(whole(not_before), whole(not_after), m_renew_before, m_major);
    s.due = now >= s.renew_at;
    if (const auto r = m_renewed.find(name); r != m_renewed.end()) {
        s.renewed_at = r->second;
    }
    if (const auto r = m_retries.find(name); r != m_retries.end()) {
        s.retry = r->second;
    }
    return s;
}

nlohmann::json renewal_json(const std::optional<RenewalStatus>& s) {
    if (!s) {
        return nullptr;
    }
    const auto text_or_null = [](const std::string& v) {
        return v.empty() ? nlohmann::json(nullptr) : nlohmann::json(v);
    };
    return {{"renew_at", core::format_rfc3339(s->renew_at)},
            {"due", s->due},
            {"renewed_at", text_or_null(s->renewed_at)},
            {"failures", s->retry ? s->retry->failures : 0},
            {"last_try", s->retry ? nlohmann::json(s->retry->last_try) : nlohmann::json(nullptr)},
            {"next_try", s->retry ? nlohmann::json(s->retry->next_try) : nlohmann::json(nullptr)},
            {"last_error", s->retry ? nlohmann::json(s->retry->last_error) : nlohmann::json(nullptr)}};
}

void renewal_json_text(core::JsonText& p, const std::optional<RenewalStatus>& s) {
    if (!s) {
        p.null();
        return;
    }
    p.open('{');
    p.key("due");
    p.boolean(s->due);
    p.key("failures");
    p.integer(s->retry ? s->retry->failures : 0);
    p.key("last_error");
    s->retry ? p.text(s->retry->last_error) : p.null();
    p.key("last_try");
    s->retry ? p.text(s->retry->last_try) : p.null();
    p.key("next_try");
    s->retry ? p.text(s->retry->next_try) : p.null();
    p.key("renew_at");
    p.time(s->renew_at);
    p.key("renewed_at");
    p.text_or_null(s->renewed_at);
    p.close('}');
}

std::string renewal_phrase(const std::optional<RenewalStatus>& s) {
    if (!s) {
        return "-";
    }
    if (s->retry) {
        return "retry " + s->retry->next_try + " (" + std::to_string(s->retry->failures) + " failure" +
               (s->retry->failures == 1 ? "" : "s") + ")";
    }
    if (s->due) {
        return "due";
    }
    return "at " + core::format_rfc3339(s->renew_at);
}

}  // namespace certctl::policies
