// lib/auth/token_store.cpp — the api_tokens table.
#include "lib/auth/token_store.h"

#include "lib/audit/audit_log.h"
#include "lib/core/error.h"
#include "lib/core/name.h"
#include "lib/core/rfc3339.h"

#include <botan/hash.h>
#include <botan/hex.h>
#include <botan/system_rng.h>

namespace certctl::auth {

namespace {
constexpr auto k_keep_expired = std::chrono::hours(24);  // expired rows stay a day: "expired" beats "unknown"
}

std::string token_digest(const std::string& token) {
    auto sha = Botan::HashFunction::create_or_throw("SHA-256");
    sha->update(token);
    return Botan::hex_encode(sha->final(), false);
}

TokenStore::TokenStore(storage::Database& db, const core::Clock& clock) : TokenStore(db, clock, Botan::system_rng()) {}

TokenStore::TokenStore(storage::Database& db, const core::Clock& clock, Botan::RandomNumberGenerator& rng)
    : m_db(db), m_clock(clock), m_rng(rng) {}

IssuedToken TokenStore::issue(const std::string& user, const std::string& application, core::Seconds lifetime,
                              const std::function<void(const IssuedToken&)>& also) {
    IssuedToken out;
    out.token = Botan::hex_encode(m_rng.random_vec(k_token_bytes), false);
    const core::TimePoint now = m_clock.now();
    out.expires = core::format_rfc3339(now + lifetime);
    m_db.transaction([&] {
        SQLite::Statement purge(m_db.sql(), "DELETE FROM api_tokens WHERE expires < ?");
        purge.bind(1, core::format_rfc3339(now - k_keep_expired));
        purge.exec();
        SQLite::Statement insert(m_db.sql(),
                                 "INSERT INTO api_tokens(token_sha256, user, application, created, expires)"
                                 " VALUES (?, ?, ?, ?, ?)");
        insert.bind(1, token_digest(out.token));
        insert.bind(2, user);
        insert.bind(3, application);
        insert.bind(4, core::format_rfc3339(now));
        insert.bind(5, out.expires);
        insert.exec();
        if (also) {
            also(out);
        }
    });
    return out;
}

TokenCheck TokenStore::check(const std::string& token) {
    TokenCheck out;
    if (token.size() != 2 * k_token_bytes) {
        return out;
    }
    struct Row {
        std::string user, role, expires;
        bool revoked;
    };
    const auto rows = m_db.select<Row>(
        "SELECT t.user AS user, u.role AS role, t.expires AS expires, t.revoked AS revoked FROM api_tokens t JOIN "
        "api_users u ON u.name = t.user"
        " WHERE t.token_sha256 = :digest",
        [&](SQLite::Statement& q) { q.bind(":digest", token_digest(token)); },
        [](SQLite::Statement& q) {
            return Row{q.getColumn("user").getString(), q.getColumn("role").getString(),
                       q.getColumn("expires").getString(), q.getColumn("revoked").getInt() != 0};
        });
    if (rows.empty()) {
        return out;
    }
    const Row& r = rows.front();
    out.expires = r.expires;
    if (r.revoked) {
        out.outcome = TokenCheck::Outcome::revoked;
    } else if (core::parse_time(r.expires) <= m_clock.now()) {
        out.outcome = TokenCheck::Outcome::expired;
    } else {
        out.outcome = TokenCheck::Outcome::valid;
        out.user = r.user;
        out.role = r.role;
    }
    return out;
}

std::size_t TokenStore::revoke_user(const std::string& user) {
    core::check_name("user", user);
    int revoked = 0;
    m_db.transaction([&] {
        SQLite::Statement exists(m_db.sql(), "SELECT 1 FROM api_users WHERE name = ?");
        exists.bind(1, user);
        if (!exists.executeStep()) {
            throw core::Error(core::Errc::not_found, "no such user", user, "the store has no API user by this name",
                              "see `certctl user list`");
        }
        SQLite::Statement revoke(m_db.sql(),
                                 "UPDATE api_tokens SET revoked = 1 WHERE user = ? AND revoked = 0 AND expires > ?");
        revoke.bind(1, user);
        revoke.bind(2, core::format_rfc3339(m_clock.now()));
        revoked = revoke.exec();
        SQLite::Statement rest(m_db.sql(), "UPDATE api_tokens SET revoked = 1 WHERE user = ?");
        rest.bind(1, user);
        rest.exec();
        audit::AuditLog(m_db, m_clock)
            .record("system.user_revoke_tokens", user, {{"name", user}, {"tokens_revoked", revoked}}, true);
    });
    return static_cast<std::size_t>(revoked);
}

}  // namespace certctl::auth
