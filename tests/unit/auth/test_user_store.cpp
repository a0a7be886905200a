// tests/unit/auth/test_user_store.cpp — the api_users table: add, verify, passwd, remove, audit.
#include "lib/audit/actor.h"
#include "lib/audit/audit_log.h"
#include "lib/auth/token_store.h"
#include "lib/auth/user_store.h"
#include "lib/core/error.h"
#include "lib/core/rfc3339.h"
#include "tests/unit/test_dir.h"
#include "tests/unit/test_helpers.h"

#include <doctest/doctest.h>

using namespace certctl;
using test::code_of;

TEST_SUITE("auth::UserStore") {
    TEST_CASE("add, verify, list, remove; every change audited") {
        storage::Database db(test::case_dir("users") / "certctl.db", true);
        core::FixedClock clock(core::parse_time("2026-03-01T10:00:00Z"));
        auth::UserStore users(db, clock);
        const auth::UserInfo u = users.add("alice", "operator", "a long password");
        CHECK(u.role == "operator");
        CHECK(u.created == "2026-03-01T10:00:00Z");
        CHECK(users.verify("alice", "a long password").has_value());
        CHECK_FALSE(users.verify("alice", "a long passworD").has_value());
        CHECK_FALSE(users.verify("bob", "a long password").has_value());
        CHECK(code_of([&] { users.add("alice", "admin", "another password"); }) == core::Errc::usage);
        CHECK(code_of([&] { users.add("../x", "admin", "another password"); }) == core::Errc::usage);
        CHECK(code_of([&] { users.add("bob", "root", "another password"); }) == core::Errc::usage);
        CHECK(code_of([&] { users.add("bob", "admin", "short"); }) == core::Errc::usage);
        CHECK(users.list().size() == 1);
        users.remove("alice");
        CHECK(users.list().empty());
        CHECK(code_of([&] { users.remove("alice"); }) == core::Errc::not_found);
        audit::AuditLog log(db, clock);
        audit::EventFilter f;
        f.type = "system.user_add";
        CHECK(log.list(f).size() == 1);
        f.type = "system.user_remove";
        CHECK(log.list(f).size() == 1);
    }
    TEST_CASE("a new password revokes the user's tokens, and the event carries the actor") {
        storage::Database db(test::case_dir("passwd") / "certctl.db", true);
        core::FixedClock clock(core::parse_time("2026-03-01T10:00:00Z"));
        auth::UserStore users(db, clock);
        auth::TokenStore tokens(db, clock);
        users.add("alice", "admin", "a long password");
        const auth::IssuedToken t = tokens.issue("alice", "GUI", std::chrono::hours(1));
        CHECK(users.find("alice")->active_tokens == 1);
        {
            audit::ActorScope scope({"root-admin", "192.0.2.7"});
            users.set_password("alice", "a new long password");
        }
        CHECK(tokens.check(t.token).outcome == auth::TokenCheck::Outcome::revoked);
        CHECK(users.verify("alice", "a new long password").has_value());
        CHECK_FALSE(users.verify("alice", "a long password").has_value());
        audit::EventFilter f;
        f.type = "system.user_password";
        const auto events = audit::AuditLog(db, clock).list(f);
        REQUIRE(events.size() == 1);
        CHECK(events[0].user == std::optional<std::string>("root-admin"));
        CHECK(events[0].detail["client_address"] == "192.0.2.7");
        CHECK(events[0].detail["tokens_revoked"] == 1);
    }
}
