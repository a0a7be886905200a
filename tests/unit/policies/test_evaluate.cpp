// tests/unit/policies/test_evaluate.cpp — the severity table at its exact boundaries.
#include "policies/evaluate.h"

#include "lib/core/error.h"
#include "lib/core/rfc3339.h"

#include <doctest/doctest.h>

using namespace certctl;
using policies::Condition;
using std::chrono::hours;
using std::chrono::seconds;

namespace {
constexpr auto k_day = hours(24);
policies::CertFacts facts_expiring(const char* not_after) {
    policies::CertFacts f;
    f.name = "web01";
    f.not_before = core::parse_time("2025-01-01T00:00:00Z");
    f.not_after = core::parse_time(not_after);
    return f;
}
}  // namespace

TEST_SUITE("policies::evaluate") {
    TEST_CASE("expiry thresholds are inclusive, expiry starts the second after notAfter") {
        const auto f = facts_expiring("2026-03-31T12:00:00Z");
        const policies::Thresholds t;
        core::FixedClock clock(*f.not_after - 30 * k_day - seconds(1));
        CHECK(policies::evaluate(f, clock.now(), t).condition == Condition::ok);
        CHECK_FALSE(policies::evaluate(f, clock.now(), t).severity);
        clock.advance(seconds(1));  // exactly 30 days left
        auto v = policies::evaluate(f, clock.now(), t);
        CHECK(v.condition == Condition::expires_minor);
        CHECK(v.severity == audit::Severity::minor);
        CHECK(v.reason == "expires in 30 days (2026-03-31T12:00:00Z)");
        clock.set(*f.not_after - 7 * k_day - seconds(1));
        CHECK(policies::evaluate(f, clock.now(), t).severity == audit::Severity::minor);
        clock.advance(seconds(1));  // exactly 7 days left
        CHECK(policies::evaluate(f, clock.now(), t).severity == audit::Severity::major);
        clock.set(*f.not_after);  // the last valid second
        v = policies::evaluate(f, clock.now(), t);
        CHECK(v.condition == Condition::expires_major);
        CHECK(v.left == seconds(0));
        clock.advance(seconds(1));
        v = policies::evaluate(f, clock.now(), t);
        CHECK(v.condition == Condition::expired);
        CHECK(v.severity == audit::Severity::critical);
        CHECK(v.left == seconds(-1));
        CHECK(v.reason == "expired 1 second ago (2026-03-31T12:00:00Z)");
    }

    TEST_CASE("not yet valid is critical until notBefore, inclusive") {
        auto f = facts_expiring("2027-01-01T00:00:00Z");
        f.not_before = core::parse_time("2026-06-01T00:00:00Z");
        const policies::Thresholds t;
        auto v = policies::evaluate(f, *f.not_before - seconds(1), t);
        CHECK(v.condition == Condition::not_yet_valid);
        CHECK(v.severity == audit::Severity::critical);
        CHECK(v.reason.find("not valid until 2026-06-01T00:00:00Z") == 0);
        CHECK(policies::evaluate(f, *f.not_before, t).condition == Condition::ok);
    }

    TEST_CASE("precedence: missing, revoked, invalid outrank dates") {
        auto f = facts_expiring("2020-01-01T00:00:00Z");  // expired too
        const auto at = core::parse_time("2026-01-01T00:00:00Z");
        const policies::Thresholds t;
        f.invalid = "wrong role";
        CHECK(policies::evaluate(f, at, t).condition == Condition::invalid);
        f.revoked = "keyCompromise";
        CHECK(policies::evaluate(f, at, t).condition == Condition::revoked);
        f.missing = "no such file";
        const auto v = policies::evaluate(f, at, t);
        CHECK(v.condition == Condition::missing);
        CHECK(v.reason == "certificate file unavailable: no such file");
        CHECK_FALSE(v.left);
    }

    TEST_CASE("custom thresholds and their validation") {
        const auto f = facts_expiring("2026-03-31T00:00:00Z");
        const policies::Thresholds t{seconds(60 * 86400), seconds(14 * 86400)};
        CHECK(policies::evaluate(f, *f.not_after - 60 * k_day, t).severity == audit::Severity::minor);
        CHECK(policies::evaluate(f, *f.not_after - 14 * k_day, t).severity == audit::Severity::major);
        CHECK_NOTHROW(policies::validate(t));
        CHECK_NOTHROW(policies::validate({seconds(7 * 86400), seconds(7 * 86400)}));
        CHECK_THROWS_AS(policies::validate({seconds(86400), seconds(7 * 86400)}), core::Error);
        CHECK_THROWS_AS(policies::validate({seconds(0), seconds(0)}), core::Error);
        const core::Config defaults;
        CHECK(policies::thresholds_from(defaults).minor == seconds(30 * 86400));
        CHECK(policies::thresholds_from(defaults).major == seconds(7 * 86400));
    }

    TEST_CASE("every rule row is well formed and every condition has exactly one row") {
        const auto& rules = policies::severity_rules();
        CHECK(rules.back().condition == Condition::ok);
        CHECK_FALSE(rules.back().severity);
        for (const auto& r : rules) {
            CHECK(static_cast<bool>(r.matches));
            CHECK(std::string(policies::condition_name(r.condition)) == r.name);
            int n = 0;
            for (const auto& other : rules) {
                n += other.condition == r.condition ? 1 : 0;
            }
            CHECK(n == 1);
            if (r.condition != Condition::ok) {
                CHECK(r.severity);
            }
        }
    }

    TEST_CASE("human spans") {
        CHECK(policies::human_span(seconds(0)) == "0 seconds");
        CHECK(policies::human_span(seconds(59)) == "59 seconds");
        CHECK(policies::human_span(seconds(3600)) == "1 hour");
        CHECK(policies::human_span(seconds(86400 * 2 + 5)) == "2 days");
        CHECK(policies::human_span(seconds(-120)) == "2 minutes");
    }
}
