// lib/certs/renewal_retries.h — automatic renewals that failed and when `watch` may try them again (table
// renewal_retries), and the growing backoff that spaces out retries of renewals and of on-change hooks.
#pragma once
#include "lib/core/clock.h"
#include "lib/storage/database.h"

#include <map>
#include <optional>
#include <string>

namespace certctl::certs {

// The wait after the `failures`-th consecutive failure (1, 2, ...): `initial`, doubled each time, at most `cap`.
core::Seconds retry_backoff(int failures, core::Seconds initial, core::Seconds cap);

struct RenewalRetry {
    std::string name;
    int failures = 0;
    std::string last_try;  // RFC 3339
    std::string next_try;  // RFC 3339
    std::string last_error;
};

class RenewalRetries final {
public:
    explicit RenewalRetries(storage::Database& db) : m_db(db) {}

    std::optional<RenewalRetry> find(const std::string& name);
    std::map<std::string, RenewalRetry> all();
    // One more failure of `name` at `now`: the next try waits retry_backoff(failures). Returns the new row.
    // Call inside the transaction that raises the alarm.
    RenewalRetry failed(const std::string& name, core::TimePoint now, const std::string& error, core::Seconds initial,
                        core::Seconds cap);
    // A renewal succeeded (by watch or by hand): the backoff is over. Call inside the renewal's transaction.
    void clear(const std::string& name);

private:
    storage::Database& m_db;
};

// When each certificate was last renewed (its newest history entry of event "renew"), by name.
std::map<std::string, std::string> last_renewals(storage::Database& db);

}  // namespace certctl::certs
