// lib/auth/token_store.h — API bearer tokens in the `api_tokens` table: 256-bit random values handed out
// once and stored only as their SHA-256, with an expiry, revocable per user.
#pragma once
#include "lib/core/clock.h"
#include "lib/storage/database.h"

#include <botan/rng.h>
#include <functional>
#include <optional>
#include <string>

namespace certctl::auth {

inline constexpr std::size_t k_token_bytes = 32;

struct IssuedToken {
    std::string token;    // 64 lower-case hex characters; shown once, never stored
    std::string expires;  // RFC 3339 UTC
};

struct TokenCheck {
    enum class Outcome { valid, unknown, expired, revoked } outcome = Outcome::unknown;
    std::string user;  // when valid
    std::string role;  // when valid
    std::string expires;
};

class TokenStore final {
public:
    TokenStore(storage::Database& db, const core::Clock& clock);  // Botan's system RNG
    TokenStore(storage::Database& db, const core::Clock& clock, Botan::RandomNumberGenerator& rng);

    // A token for `user` (who must exist) valid for `lifetime`; tokens expired for over a day are dropped.
    // `also` runs in the same transaction once the row is written (the login's audit event): if it throws,
    // no token exists, so no caller holds a token whose login was never recorded.
    IssuedToken issue(const std::string& user, const std::string& application, core::Seconds lifetime,
                      const std::function<void(const IssuedToken&)>& also = {});
    TokenCheck check(const std::string& token);
    // Revokes every token of `user`; returns how many were still valid. Error(not_found) for an unknown user.
    // Audits system.user_revoke_tokens.
    std::size_t revoke_user(const std::string& user);

private:
    storage::Database& m_db;
    const core::Clock& m_clock;
    Botan::RandomNumberGenerator& m_rng;
};

// SHA-256 of the token, lower-case hex: the primary key of its row.
std::string token_digest(const std::string& token);

}  // namespace certctl::auth
