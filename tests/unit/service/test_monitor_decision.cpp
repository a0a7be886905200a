// tests/unit/service/test_monitor_decision.cpp — the monitor's transitions for one certificate, from values.
#include "lib/core/rfc3339.h"
#include "service/monitor_decision.h"

#include <doctest/doctest.h>

using namespace certctl;
using service::decide;
using service::MonitorDecision;
using service::PreviousCheck;

namespace {
const core::TimePoint k_at = core::parse_time("2026-03-01T00:00:00Z");

policies::CheckedCert checked(policies::Condition condition, std::optional<audit::Severity> severity,
                              const std::string& reason = "expires in 5 days") {
    policies::CheckedCert c;
    c.name = "web01";
    c.source = "imported";
    c.fingerprint = "aa";
    c.purpose = "tls-server";
    c.not_after = k_at + std::chrono::hours(24 * 5);
    c.verdict.condition = condition;
    c.verdict.severity = severity;
    c.verdict.reason = reason;
    return c;
}

certs::CertPolicy row(const std::string& policy = "fail-soft", const std::string& state = "in-service") {
    certs::CertPolicy r;
    r.purpose = "tls-server";
    r.policy = policy;
    r.state = state;
    r.action = "stop-tunnel";
    r.restore_action = "start-tunnel";
    return r;
}

audit::Alarm alarm(audit::Severity severity, const std::string& reason = "expires in 5 days") {
    audit::Alarm a;
    a.kind = "certificate";
    a.subject = "web01";
    a.severity = severity;
    a.reason = reason;
    return a;
}

PreviousCheck previous(const std::string& condition, std::optional<std::string> last_notified = std::nullopt) {
    return PreviousCheck{"web01", condition, "aa", std::move(last_notified)};
}
}  // namespace

TEST_SUITE("service::decide") {
    TEST_CASE("a healthy certificate seen for the first time: no alarm, no action, its check is saved") {
        const MonitorDecision d = decide(checked(policies::Condition::ok, std::nullopt, "valid"), row(), nullptr,
                                         nullptr, k_at);
        CHECK_FALSE(d.raise_alarm);
        CHECK_FALSE(d.clear_alarm);
        CHECK_FALSE(d.acts());
        CHECK_FALSE(d.counter);
        CHECK(d.save_check);
    }

    TEST_CASE("a new problem raises and notifies; the same again does neither") {
        const auto c = checked(policies::Condition::expires_major, audit::Severity::major);
        const MonitorDecision first = decide(c, row(), nullptr, nullptr, k_at);
        CHECK(first.raise_alarm);
        CHECK(first.counts_as_raised);
        CHECK(first.notify_event == "raise");
        const PreviousCheck prev = previous("expires_major");
        const audit::Alarm active = alarm(audit::Severity::major);
        const MonitorDecision again = decide(c, row(), &prev, &active, k_at);
        CHECK_FALSE(again.raise_alarm);
        CHECK_FALSE(again.counts_as_raised);
        CHECK_FALSE(again.notify_event);
        CHECK_FALSE(again.save_check);
    }

    TEST_CASE("a worse severity escalates, a better one changes, a new reason only updates the alarm") {
        const PreviousCheck prev = previous("expires_major");
        const audit::Alarm minor = alarm(audit::Severity::minor);
        const audit::Alarm critical = alarm(audit::Severity::critical);
        const auto c = checked(policies::Condition::expires_major, audit::Severity::major);
        CHECK(decide(c, row(), &prev, &minor, k_at).notify_event == "escalate");
        CHECK(decide(c, row(), &prev, &critical, k_at).notify_event == "change");
        const audit::Alarm old_reason = alarm(audit::Severity::major, "expires in 6 days");
        const MonitorDecision d = decide(c, row(), &prev, &old_reason, k_at);
        CHECK(d.raise_alarm);
        CHECK_FALSE(d.counts_as_raised);
        CHECK_FALSE(d.notify_event);
    }

    TEST_CASE("healthy again clears the alarm and forgets the last reminder") {
        const PreviousCheck prev = previous("expires_major", std::string("2026-02-28T00:00:00Z"));
        const audit::Alarm active = alarm(audit::Severity::major);
        const MonitorDecision d =
            decide(checked(policies::Condition::ok, std::nullopt, "valid"), row(), &prev, &active, k_at);
        CHECK(d.clear_alarm);
        CHECK(d.notify_event == "clear");
        CHECK_FALSE(d.last_notified);
        CHECK(d.save_check);
    }

    TEST_CASE("transitions into expired, invalid and revoked are counted once, peers apart") {
        const auto expired = checked(policies::Condition::expired, audit::Severity::critical, "expired");
        CHECK(decide(expired, row(), nullptr, nullptr, k_at).counter == "certificate_expired");
        const PreviousCheck was_expired = previous("expired");
        CHECK_FALSE(decide(expired, row(), &was_expired, nullptr, k_at).counter);
        const auto early = checked(policies::Condition::not_yet_valid, audit::Severity::critical, "not yet valid");
        CHECK(decide(early, row(), nullptr, nullptr, k_at).counter == "certificate_invalid");
        certs::CertPolicy peer = row();
        peer.purpose = "peer";
        const auto revoked = checked(policies::Condition::revoked, audit::Severity::critical, "revoked");
        CHECK(decide(revoked, peer, nullptr, nullptr, k_at).counter == "peer_certificate_revoked");
        CHECK_FALSE(decide(checked(policies::Condition::expires_minor, audit::Severity::minor), row(), nullptr,
                           nullptr, k_at)
                        .counter);
    }

    TEST_CASE("fail-hard takes a critical certificate out of service once, and a better verdict restores it") {
        const auto critical = checked(policies::Condition::expired, audit::Severity::critical, "expired");
        const MonitorDecision out = decide(critical, row("fail-hard"), nullptr, nullptr, k_at);
        CHECK(out.action == "fail-hard");
        CHECK(out.new_state == "out-of-service");
        CHECK(out.command == "stop-tunnel");
        CHECK_FALSE(decide(critical, row("fail-hard", "out-of-service"), nullptr, nullptr, k_at).action);
        CHECK_FALSE(decide(critical, row("fail-soft"), nullptr, nullptr, k_at).action);
        const MonitorDecision back = decide(checked(policies::Condition::expires_major, audit::Severity::major),
                                            row("fail-hard", "out-of-service"), nullptr, nullptr, k_at);
        CHECK(back.action == "restore");
        CHECK(back.new_state == "in-service");
        CHECK(back.command == "start-tunnel");
    }

    TEST_CASE("an id-cert gets a reminder at each due point of its schedule, and only once") {
        auto c = checked(policies::Condition::expires_minor, audit::Severity::minor, "expires in 30 days");
        c.purpose = "id-cert";
        c.not_after = k_at + std::chrono::hours(24 * 30);
        const audit::Alarm active = alarm(audit::Severity::minor, "expires in 30 days");
        const PreviousCheck prev = previous("expires_minor", core::format_rfc3339(k_at - std::chrono::hours(24 * 30)));
        const MonitorDecision d = decide(c, row(), &prev, &active, k_at);
        CHECK(d.notify_event == "reminder");
        REQUIRE(d.last_notified);
        CHECK(*d.last_notified == core::format_rfc3339(k_at));
        CHECK(d.save_check);
        const PreviousCheck reminded = previous("expires_minor", d.last_notified);
        CHECK_FALSE(decide(c, row(), &reminded, &active, k_at).notify_event);
    }
}
