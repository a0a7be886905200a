// tests/unit/api/test_login_limiter.cpp — five free failures, then a wait that doubles, per user and address.
#include "api/login_limiter.h"
#include "lib/core/rfc3339.h"

#include <doctest/doctest.h>

using namespace certctl;

TEST_SUITE("api::LoginLimiter") {
    TEST_CASE("the sixth failure waits 1 s, the seventh 2 s; success clears") {
        core::FixedClock clock(core::parse_time("2026-01-01T00:00:00Z"));
        api::LoginLimiter limiter(clock);
        for (int i = 0; i < 5; ++i) {
            CHECK_FALSE(limiter.retry_after("alice", "192.0.2.1").has_value());
            limiter.failed("alice", "192.0.2.1");
        }
        CHECK_FALSE(limiter.retry_after("alice", "192.0.2.1").has_value());
        limiter.failed("alice", "192.0.2.1");
        CHECK(limiter.retry_after("alice", "192.0.2.1") == core::Seconds(1));
        CHECK(limiter.retry_after("alice", "198.51.100.9") == core::Seconds(1));  // the user is blocked anywhere
        CHECK(limiter.retry_after("bob", "192.0.2.1") == core::Seconds(1));       // and the address for anyone
        CHECK_FALSE(limiter.retry_after("bob", "198.51.100.9").has_value());
        clock.advance(std::chrono::seconds(1));
        CHECK_FALSE(limiter.retry_after("alice", "192.0.2.1").has_value());
        limiter.failed("alice", "192.0.2.1");
        CHECK(limiter.retry_after("alice", "192.0.2.1") == core::Seconds(2));
        limiter.succeeded("alice", "192.0.2.1");
        CHECK_FALSE(limiter.retry_after("alice", "192.0.2.1").has_value());
    }
    TEST_CASE("the wait stops growing at five minutes") {
        core::FixedClock clock(core::parse_time("2026-01-01T00:00:00Z"));
        api::LoginLimiter limiter(clock);
        for (int i = 0; i < 40; ++i) {
            limiter.failed("alice", "192.0.2.1");
        }
        CHECK(limiter.retry_after("alice", "192.0.2.1") == api::LoginLimiter::k_longest_wait);
    }
}
