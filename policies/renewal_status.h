// policies/renewal_status.h — where a certificate stands with automatic renewal, for `check` and `cert list`:
// when `watch` renews it, whether that time has come, when it was last renewed, and a failed renewal's backoff.
#pragma once
#include "lib/certs/inventory.h"
#include "lib/certs/renewal_retries.h"
#include "lib/core/clock.h"
#include "lib/core/config.h"
#include "lib/storage/database.h"

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace certctl::core {
class JsonText;
}

namespace certctl::policies {

// When a certificate valid from `not_before` to `not_after` is due for renewal: `renew_before` ahead of notAfter,
// or, when that is 0, a third of its lifetime ahead, moved earlier to 24 h before the major alarm would fire
// where the lifetime allows. Never more than half the lifetime ahead: a certificate just renewed is never due.
core::TimePoint renewal_time(core::TimePoint not_before, core::TimePoint not_after, core::Seconds renew_before,
                             core::Seconds major);

struct RenewalStatus {
    core::TimePoint renew_at;                  // when its renewal window opens
    bool due = false;                          // it has opened (and `watch` renews it on its next pass)
    std::string renewed_at;                    // RFC 3339 of its last renewal (by hand or by watch); "" never
    std::optional<certs::RenewalRetry> retry;  // the last automatic renewal failed: failures, next try, error
};

// Reads the backoffs and last renewals once, then answers per certificate. Only certificates of a local CA
// (source "issued") with a validity, and only with renewal.auto on, have a status.
class RenewalStatusReader final {
public:
    RenewalStatusReader(storage::Database& db, const core::Config& config);
    std::optional<RenewalStatus> of(const std::string& name, const std::string& source, const std::string& not_before,
                                    const std::string& not_after, core::TimePoint now) const;
    // The same for a validity given as times (whole seconds are used, as the text form has them): `check`
    // has them so, and formatting them only to parse them back was most of this step for a large inventory.
    std::optional<RenewalStatus> of(const std::string& name, const std::string& source, core::TimePoint not_before,
                                    core::TimePoint not_after, core::TimePoint now) const;

private:
    bool m_auto = false;
    core::Seconds m_renew_before{0};
    core::Seconds m_major{0};
    std::map<std::string, certs::RenewalRetry> m_retries;
    std::map<std::string, std::string> m_renewed;
};

// {"renew_at", "due", "renewed_at", "failures", "next_try", "last_error"} (null without a status).
nlohmann::json renewal_json(const std::optional<RenewalStatus>& s);
// The same object written into `p` (lib/core/json_text.h), for listings too large for the nlohmann tree.
void renewal_json_text(core::JsonText& p, const std::optional<RenewalStatus>& s);
// A short phrase for tables: "due", "retry 2026-06-01T01:05:00Z (2 failures)", "at 2026-...", "-".
std::string renewal_phrase(const std::optional<RenewalStatus>& s);

}  // namespace certctl::policies
