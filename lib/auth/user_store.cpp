// lib/auth/user_store.cpp — the api_users table.
#include "lib/auth/user_store.h"

#include "lib/audit/audit_log.h"
#include "lib/auth/password.h"
#include "lib/core/error.h"
#include "lib/core/name.h"
#include "lib/core/rfc3339.h"

#include <botan/system_rng.h>

namespace certctl::auth {

namespace {
const char* const k_select =
    "SELECT u.name AS name, u.role AS role, u.created AS created, u.password_changed AS password_changed,"
    " (SELECT count(*) FROM api_tokens t WHERE t.user = u.name AND t.revoked = 0 AND t.expires > :now)"
    " AS active_tokens FROM api_users u";

UserInfo row_of(SQLite::Statement& q) {
    UserInfo u;
    u.name = q.getColumn("name").getString();
    u.role = q.getColumn("role").getString();
    u.created = q.getColumn("created").getString();
    u.password_changed = q.getColumn("password_changed").getString();
    u.active_tokens = static_cast<std::size_t>(q.getColumn("active_tokens").getInt64());
    return u;
}

// A hash of a password nobody has: verify() checks against it for unknown users, so they cost the same.
const std::string& dummy_hash() {
    static const std::string hash = hash_password("certctl: no such user", Botan::system_rng());
    return hash;
}
}  // namespace

UserStore::UserStore(storage::Database& db, const core::Clock& clock) : UserStore(db, clock, Botan::system_rng()) {}

UserStore::UserStore(storage::Database& db, const core::Clock& clock, Botan::RandomNumberGenerator& rng)
    : m_db(db), m_clock(clock), m_rng(rng) {}

UserInfo UserStore::add(const std::string& name, const std::string& role, const std::string& password) {
    core::check_name("user", name);
    const Role& r = role_named(role);
    check_password_rule(name, password);
    if (find(name)) {
        throw core::Error(core::Errc::usage, "cannot add user", name, "a user by this name exists",
                          "pick another name, or change the password with `certctl user passwd`");
    }
    const std::string hash = hash_password(password, m_rng);  // slow on purpose: outside the write lock
    const std::string now = core::format_rfc3339(m_clock.now());
    m_db.transaction([&] {
        SQLite::Statement insert(m_db.sql(),
                                 "INSERT INTO api_users(name, role, password_hash, created, password_changed)"
                                 " VALUES (?, ?, ?, ?, ?)");
        insert.bind(1, name);
        insert.bind(2, r.name);
        insert.bind(3, hash);
        insert.bind(4, now);
        insert.bind(5, now);
        insert.exec();
        audit::AuditLog(m_db, m_clock).record("system.user_add", name, {{"name", name}, {"role", r.name}}, true);
    });
    return require(name);
}

void UserStore::remove(const std::string& name) {
    require(name);
    m_db.transaction([&] {
        SQLite::Statement del(m_db.sql(), "DELETE FROM api_users WHERE name = ?");
        del.bind(1, name);
        del.exec();
        audit::AuditLog(m_db, m_clock).record("system.user_remove", name, {{"name", name}}, true);
    });
}

void UserStore::set_password(const std::string& name, const std::string& password) {
    require(name);
    check_password_rule(name, password);
    const std::string hash = hash_password(password, m_rng);
    m_db.transaction([&] {
        SQLite::Statement update(m_db.sql(),
                                 "UPDATE api_users SET password_hash = ?, password_changed = ? WHERE name = ?");
        update.bind(1, hash);
        update.bind(2, core::format_rfc3339(m_clock.now()));
        update.bind(3, name);
        update.exec();
        SQLite::Statement revoke(m_db.sql(), "UPDATE api_tokens SET revoked = 1 WHERE user = ? AND revoked = 0");
        revoke.bind(1, name);
        const int revoked = revoke.exec();
        audit::AuditLog(m_db, m_clock)
            .record("system.user_password", name, {{"name", name}, {"tokens_revoked", revoked}}, true);
    });
}

std::optional<UserInfo> UserStore::find(const std::string& name) {
    const auto rows = m_db.select<UserInfo>(
        std::string(k_select) + " WHERE u.name = :name",
        [&](SQLite::Statement& q) {
            q.bind(":now", core::format_rfc3339(m_clock.now()));
            q.bind(":name", name);
        },
        row_of);
    if (rows.empty()) {
        return std::nullopt;
    }
    return rows.front();
}

std::vector<UserInfo> UserStore::list() {
    return m_db.select<UserInfo>(
        std::string(k_select) + " ORDER BY u.name",
        [&](SQLite::Statement& q) { q.bind(":now", core::format_rfc3339(m_clock.now())); }, row_of);
}

std::optional<UserInfo> UserStore::verify(const std::string& name, const std::string& password) {
    const auto hashes = m_db.select<std::string>(
        "SELECT password_hash FROM api_users WHERE name = :name", [&](SQLite::Statement& q) { q.bind(":name", name); },
        [](SQLite::Statement& q) { return q.getColumn("password_hash").getString(); });
    if (hashes.empty()) {
        check_password(password, dummy_hash());
        return std::nullopt;
    }
    if (!check_password(password, hashes.front())) {
        return std::nullopt;
    }
    return find(name);
}

UserInfo UserStore::require(const std::string& name) {
    core::check_name("user", name);
    if (auto u = find(name)) {
        return *u;
    }
    throw core::Error(core::Errc::not_found, "no such user", name, "the store has no API user by this name",
                      "see `certctl user list`");
}

}  // namespace certctl::auth
