// lib/certs/renewal_retries.cpp — rows of renewal_retries; the backoff arithmetic.
#include "lib/certs/renewal_retries.h"

#include "lib/core/rfc3339.h"

#include <SQLiteCpp/Statement.h>
#include <algorithm>

namespace certctl::certs {

namespace {
RenewalRetry from_row(SQLite::Statement& q) {
    return RenewalRetry{q.getColumn("name").getString(), q.getColumn("failures").getInt(),
                        q.getColumn("last_try").getString(), q.getColumn("next_try").getString(),
                        q.getColumn("last_error").getString()};
}
constexpr const char* k_select = "SELECT name, failures, last_try, next_try, last_error FROM renewal_retries";
}  // namespace

core::Seconds retry_backoff(int failures, core::Seconds initial, core::Seconds cap) {
    core::Seconds wait = std::max(initial, core::Seconds(1));
    // Doubling stops at the cap: no overflow however long a certificate keeps failing.
    for (int i = 1; i < failures && wait < cap; ++i) {
        wait *= 2;
    }
    return std::min(wait, std::max(cap, core::Seconds(1)));
}

std::optional<RenewalRetry> RenewalRetries::find(const std::string& name) {
    auto rows = m_db.select<RenewalRetry>(
        std::string(k_select) + " WHERE name = ?", [&](SQLite::Statement& q) { q.bind(1, name); }, from_row);
    if (rows.empty()) {
        return std::nullopt;
    }
    return std::move(rows.front());
}

std::map<std::string, RenewalRetry> RenewalRetries::all() {
    std::map<std::string, RenewalRetry> out;
    for (RenewalRetry& r : m_db.select<RenewalRetry>(
             k_select, [](SQLite::Statement&) {}, from_row)) {
        std::string name = r.name;
        out.emplace(std::move(name), std::move(r));
    }
    return out;
}

RenewalRetry RenewalRetries::failed(const std::string& name, core::TimePoint now, const std::string& error,
                                    core::Seconds initial, core::Seconds cap) {
    RenewalRetry r;
    r.name = name;
    r.failures = find(name).value_or(RenewalRetry{}).failures + 1;
    r.last_try = core::format_rfc3339(now);
    r.next_try = core::format_rfc3339(now + retry_backoff(r.failures, initial, cap));
    r.last_error = error;
    try {
        storage::Database::Cached q = m_db.cached(
            "INSERT OR REPLACE INTO renewal_retries(name, failures, last_try, next_try, last_error) VALUES "
            "(?,?,?,?,?)");
        q->bind(1, r.name);
        q->bind(2, r.failures);
        q->bind(3, r.last_try);
        q->bind(4, r.next_try);
        q->bind(5, r.last_error);
        q->exec();
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, "renewal retries");
    }
    return r;
}

void RenewalRetries::clear(const std::string& name) {
    try {
        storage::Database::Cached q = m_db.cached("DELETE FROM renewal_retries WHERE name = ?");
        q->bind(1, name);
        q->exec();
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, "renewal retries");
    }
}

std::map<std::string, std::string> last_renewals(storage::Database& db) {
    std::map<std::string, std::string> out;
    for (auto& [name, when] : db.select<std::pair<std::string, std::string>>(
             "SELECT name, max(replaced) AS renewed FROM certificate_history WHERE event = 'renew' GROUP BY name",
             [](SQLite::Statement&) {},
             [](SQLite::Statement& q) {
                 return std::make_pair(q.getColumn("name").getString(), q.getColumn("renewed").getString());
             })) {
        out.emplace(std::move(name), std::move(when));
    }
    return out;
}

}  // namespace certctl::certs
