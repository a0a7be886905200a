// lib/auth/user_store.h — API users in the `api_users` table: name, role, Argon2id password hash. Every
// change is audited in the transaction that makes it.
#pragma once
#include "lib/auth/role.h"
#include "lib/core/clock.h"
#include "lib/storage/database.h"

#include <botan/rng.h>
#include <optional>
#include <string>
#include <vector>

namespace certctl::auth {

struct UserInfo {
    std::string name;
    std::string role;               // a row of roles()
    std::string created;            // RFC 3339 UTC
    std::string password_changed;   // RFC 3339 UTC
    std::size_t active_tokens = 0;  // not expired, not revoked
};

class UserStore final {
public:
    UserStore(storage::Database& db, const core::Clock& clock);  // Botan's system RNG for salts
    UserStore(storage::Database& db, const core::Clock& clock, Botan::RandomNumberGenerator& rng);

    // Error(usage): bad name, unknown role, short password, existing user. Audits system.user_add.
    UserInfo add(const std::string& name, const std::string& role, const std::string& password);
    // Error(not_found) for an unknown user. Removes the user's tokens too. Audits system.user_remove.
    void remove(const std::string& name);
    // New hash; every token of the user is revoked, so a leaked password stops working at once.
    // Error(not_found), Error(usage) for a short password. Audits system.user_password.
    void set_password(const std::string& name, const std::string& password);

    std::optional<UserInfo> find(const std::string& name);
    std::vector<UserInfo> list();

    // The user when `password` matches. An unknown user costs one Argon2 run too, so the answer's timing
    // does not tell which user names exist.
    std::optional<UserInfo> verify(const std::string& name, const std::string& password);

private:
    UserInfo require(const std::string& name);

    storage::Database& m_db;
    const core::Clock& m_clock;
    Botan::RandomNumberGenerator& m_rng;
};

}  // namespace certctl::auth
