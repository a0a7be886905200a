// tests/unit/auth/test_token_store.cpp — bearer tokens: random, stored hashed, expire to the second, revocable.
#include "lib/auth/token_store.h"
#include "lib/auth/user_store.h"
#include "lib/core/error.h"
#include "lib/core/rfc3339.h"
#include "tests/unit/test_dir.h"

#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>

using namespace certctl;
using Outcome = auth::TokenCheck::Outcome;

TEST_SUITE("auth::TokenStore") {
    TEST_CASE("a token is valid until its expiry second, then expired; only its digest is stored") {
        storage::Database db(test::case_dir("expiry") / "certctl.db", true);
        core::FixedClock clock(core::parse_time("2026-03-01T10:00:00Z"));
        auth::UserStore(db, clock).add("alice", "read-only", "a long password");
        auth::TokenStore tokens(db, clock);
        const auth::IssuedToken t = tokens.issue("alice", "GUI", std::chrono::hours(1));
        CHECK(t.token.size() == 64);
        CHECK(t.expires == "2026-03-01T11:00:00Z");
        SQLite::Statement q(db.sql(), "SELECT token_sha256 FROM api_tokens");
        REQUIRE(q.executeStep());
        CHECK(q.getColumn(0).getString() == auth::token_digest(t.token));
        CHECK(q.getColumn(0).getString() != t.token);
        clock.advance(std::chrono::seconds(3599));
        const auth::TokenCheck ok = tokens.check(t.token);
        CHECK(ok.outcome == Outcome::valid);
        CHECK(ok.user == "alice");
        CHECK(ok.role == "read-only");
        clock.advance(std::chrono::seconds(1));
        CHECK(tokens.check(t.token).outcome == Outcome::expired);
        CHECK(tokens.check(std::string(64, 'a')).outcome == Outcome::unknown);
        CHECK(tokens.check("short").outcome == Outcome::unknown);
    }
    TEST_CASE("revoke_user revokes every valid token of one user only") {
        storage::Database db(test::case_dir("revoke") / "certctl.db", true);
        core::FixedClock clock(core::parse_time("2026-03-01T10:00:00Z"));
        auth::UserStore users(db, clock);
        users.add("alice", "operator", "a long password");
        users.add("bob", "operator", "a long password");
        auth::TokenStore tokens(db, clock);
        const auto a1 = tokens.issue("alice", "GUI", std::chrono::hours(1));
        const auto a2 = tokens.issue("alice", "cli", std::chrono::hours(1));
        const auto b1 = tokens.issue("bob", "GUI", std::chrono::hours(1));
        CHECK(a1.token != a2.token);
        CHECK(tokens.revoke_user("alice") == 2);
        CHECK(tokens.check(a1.token).outcome == Outcome::revoked);
        CHECK(tokens.check(a2.token).outcome == Outcome::revoked);
        CHECK(tokens.check(b1.token).outcome == Outcome::valid);
        CHECK(tokens.revoke_user("alice") == 0);
        CHECK_THROWS_AS(tokens.revoke_user("carol"), core::Error);
        users.remove("bob");
        CHECK(tokens.check(b1.token).outcome == Outcome::unknown);  // removing a user removes the tokens
    }
    TEST_CASE("a token whose companion write fails (the login's audit event) is not kept") {
        storage::Database db(test::case_dir("also") / "certctl.db", true);
        core::FixedClock clock(core::parse_time("2026-03-01T10:00:00Z"));
        auth::UserStore(db, clock).add("alice", "read-only", "a long password");
        auth::TokenStore tokens(db, clock);
        std::string handed;
        CHECK_THROWS_AS(tokens.issue("alice", "GUI", std::chrono::hours(1),
                                     [&](const auth::IssuedToken& t) {
                                         handed = t.token;
                                         throw core::Error(core::Errc::unavailable, "record the login", "alice", "store busy");
                                     }),
                        core::Error);
        REQUIRE(handed.size() == 64);
        CHECK(tokens.check(handed).outcome == Outcome::unknown);
        SQLite::Statement q(db.sql(), "SELECT COUNT(*) FROM api_tokens");
        REQUIRE(q.executeStep());
        CHECK(q.getColumn(0).getInt() == 0);
        const auth::IssuedToken ok = tokens.issue("alice", "GUI", std::chrono::hours(1),
                                                  [&](const auth::IssuedToken& t) { handed = t.token; });
        CHECK(handed == ok.token);
        CHECK(tokens.check(ok.token).outcome == Outcome::valid);
    }
}
