// tests/unit/service/test_batch_renewal.cpp — many due certificates of two CAs renewed in one watch pass
// (LocalCa::renew_many), exactly once per window; a failed renewal waits out a growing backoff that survives a
// restart and is cleared by success; a failing hook backs off the same way; the renewal state `check` and
// `cert list` show. Time is a stepped FixedClock.
#include "service/auto_renewal.h"

#include "lib/audit/alarm_store.h"
#include "lib/ca/local_ca.h"
#include "lib/certs/inventory.h"
#include "lib/certs/lifecycle_store.h"
#include "lib/certs/renewal_retries.h"
#include "lib/core/rfc3339.h"
#include "lib/keys/key_store.h"
#include "policies/renewal_status.h"
#include "service/change_runner.h"
#include "tests/unit/issued_store.h"

#include <doctest/doctest.h>
#include <fstream>
#include <map>

using namespace certctl;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

namespace {
constexpr auto k_day = hours(24);

// Two root CAs, `per_ca` 30-day tls-server certificates from each (a-0.., b-0..), all for one key.
struct Fleet : test::IssuedStore {
    Fleet(const std::string& label, std::size_t per_ca) : IssuedStore(label) {
        for (const std::string ca : {"a", "b"}) {
            add_root("ca-" + ca, "Batch Root " + ca);
            issue("ca-" + ca, numbered(ca, per_ca), "leaf");
        }
    }
    std::map<std::string, std::string> serials() {
        std::map<std::string, std::string> out;
        for (const certs::CertRecord& r : certs::Inventory(store->db()).list()) {
            out[r.name] = r.serial;
        }
        return out;
    }
    // The CA key of ca-a gains (or loses) a passphrase: watch, which has none, cannot (or can again) renew.
    void lock_ca_a(bool locked) {
        keys::KeyStore keystore(*store, clock);
        const auto key = keystore.load_private("ca-a", locked ? std::nullopt : std::optional<std::string>("secret"));
        keystore.swap("ca-a", *key, locked ? std::optional<std::string>("secret") : std::nullopt, [] {});
    }
    std::optional<policies::RenewalStatus> status(const std::string& name) {
        const certs::CertRecord r = *certs::Inventory(store->db()).find(name);
        return policies::RenewalStatusReader(store->db(), store->config())
            .of(r.name, r.source, r.not_before, r.not_after, clock.now());
    }
};

const auto quiet = [](const std::string&) {};
}  // namespace

TEST_SUITE("service::batch_renewal") {
    TEST_CASE("one pass renews every due certificate of both CAs, each exactly once per window") {
        Fleet fleet("batch_pass", 40);
        const auto before = fleet.serials();
        const core::TimePoint opens = fleet.clock.now() + 20 * k_day;  // 30 days: a third before notAfter
        fleet.clock.set(opens - seconds(1));
        CHECK(service::renew_due(*fleet.store, fleet.clock, quiet).due == 0);
        CHECK_FALSE(fleet.status("a-0")->due);

        fleet.clock.set(opens + hours(1));
        CHECK(fleet.status("b-7")->due);
        const service::RenewalPass pass = service::renew_due(*fleet.store, fleet.clock, quiet);
        CHECK(pass.due == 80);
        CHECK(pass.renewed == 80);
        CHECK(pass.failed == 0);
        const auto after = fleet.serials();
        for (const auto& [name, serial] : before) {
            CHECK_MESSAGE(after.at(name) != serial, name);
            CHECK(certs::Inventory(fleet.store->db()).history(name).size() == 1);
        }
        CHECK(fleet.count("SELECT count(*) FROM audit WHERE type = 'system.renew_certificate' AND success = 1"
                          " AND json_extract(detail, '$.old_serial') IS NOT NULL"
                          " AND json_extract(detail, '$.new_serial') IS NOT NULL") == 80);
        CHECK(fleet.count("SELECT count(*) FROM certificate_changes WHERE event = 'renew'") == 80);
        // Each CA issued its own certificates again, under the old names.
        CHECK(fleet.count("SELECT count(*) FROM ca_issued WHERE ca = 'ca-a' AND name LIKE 'a-%'") == 80);
        CHECK(fleet.count("SELECT count(*) FROM ca_issued WHERE ca = 'ca-b' AND name LIKE 'b-%'") == 80);
        const auto renewed = fleet.status("a-3");
        REQUIRE(renewed.has_value());
        CHECK_FALSE(renewed->due);
        CHECK(renewed->renewed_at == core::format_rfc3339(fleet.clock.now()));

        // Later passes in the same window: nothing more.
        for (int i = 0; i < 3; ++i) {
            fleet.clock.advance(hours(2));
            CHECK(service::renew_due(*fleet.store, fleet.clock, quiet).renewed == 0);
        }
        CHECK(fleet.serials() == after);
        // The changes for deploy targets and hooks are settled by one watch pass (none configured here).
        const service::ChangeRunner::Retries changes = service::ChangeRunner(*fleet.store, fleet.clock).run_due();
        CHECK(changes.outcomes.size() == 80);
        CHECK(fleet.count("SELECT count(*) FROM certificate_changes") == 0);
    }

    TEST_CASE("a failed renewal waits out a doubling backoff, across a restart, and success clears it") {
        Fleet fleet("batch_backoff", 3);
        fleet.lock_ca_a(true);
        fleet.clock.set(fleet.clock.now() + 21 * k_day);
        const core::TimePoint first_try = fleet.clock.now();
        service::RenewalPass pass = service::renew_due(*fleet.store, fleet.clock, quiet);
        // ca-b's certificates are renewed; ca-a's fail as a group and back off.
        CHECK(pass.renewed == 3);
        CHECK(pass.failed == 3);
        REQUIRE(pass.next_try.has_value());
        CHECK(*pass.next_try == first_try + minutes(5));  // renewal.retry_initial
        audit::AlarmStore alarms(fleet.store->db(), fleet.clock);
        REQUIRE(alarms.active("renewal", "a-1").has_value());
        CHECK(alarms.active("renewal", "a-1")->severity == audit::Severity::major);
        const auto failing = fleet.status("a-1");
        REQUIRE(failing.has_value());
        REQUIRE(failing->retry.has_value());
        CHECK(failing->due);
        CHECK(failing->retry->failures == 1);
        CHECK(failing->retry->next_try == core::format_rfc3339(first_try + minutes(5)));
        CHECK(failing->retry->last_error.find("passphrase") != std::string::npos);
        const auto failed_audits = [&] {
            return fleet.count("SELECT count(*) FROM audit WHERE type = 'system.renew_certificate' AND success = 0");
        };
        CHECK(failed_audits() == 3);

        // Before the backoff runs out: not tried.
        fleet.clock.set(first_try + minutes(4));
        pass = service::renew_due(*fleet.store, fleet.clock, quiet);
        CHECK(pass.waiting == 3);
        CHECK(pass.failed == 0);
        CHECK(failed_audits() == 3);
        // Then tried again, and the wait doubles.
        fleet.clock.set(first_try + minutes(5));
        pass = service::renew_due(*fleet.store, fleet.clock, quiet);
        CHECK(pass.failed == 3);
        CHECK(failed_audits() == 6);
        CHECK(fleet.status("a-0")->retry->failures == 2);
        CHECK(fleet.status("a-0")->retry->next_try == core::format_rfc3339(first_try + minutes(15)));

        // A restarted watch (a new store handle) keeps to the stored backoff.
        fleet.store = fleet.open();
        fleet.clock.set(first_try + minutes(14));
        CHECK(service::renew_due(*fleet.store, fleet.clock, quiet).waiting == 3);
        CHECK(failed_audits() == 6);

        // The CA key usable again: the next try succeeds and clears the backoff and the alarm.
        fleet.lock_ca_a(false);
        fleet.clock.set(first_try + minutes(15));
        pass = service::renew_due(*fleet.store, fleet.clock, quiet);
        CHECK(pass.renewed == 3);
        CHECK(pass.failed == 0);
        CHECK_FALSE(fleet.status("a-0")->retry.has_value());
        CHECK_FALSE(fleet.status("a-0")->due);
        CHECK(fleet.count("SELECT count(*) FROM renewal_retries") == 0);
        CHECK_FALSE(audit::AlarmStore(fleet.store->db(), fleet.clock).active("renewal", "a-1").has_value());
    }

    TEST_CASE("the backoff doubles up to its cap") {
        const core::Seconds initial(300);
        const core::Seconds cap(6 * 3600);
        CHECK(certs::retry_backoff(1, initial, cap) == core::Seconds(300));
        CHECK(certs::retry_backoff(2, initial, cap) == core::Seconds(600));
        CHECK(certs::retry_backoff(4, initial, cap) == core::Seconds(2400));
        CHECK(certs::retry_backoff(7, initial, cap) == core::Seconds(19200));
        CHECK(certs::retry_backoff(8, initial, cap) == cap);
        CHECK(certs::retry_backoff(100000, initial, cap) == cap);
    }

    TEST_CASE("a failing hook is retried by watch only after its backoff") {
        Fleet fleet("hook_backoff", 1);
        const std::filesystem::path fixed = fleet.dir / "fixed";
        fleet.store->db().transaction([&] {
            certs::LifecycleStore(fleet.store->db()).set_hook("a-0", "[ -f '" + fixed.string() + "' ]", "now");
            certs::LifecycleStore(fleet.store->db())
                .record_change("a-0", "renew", "ff", core::format_rfc3339(fleet.clock.now()));
        });
        const auto attempts = [&] { return certs::LifecycleStore(fleet.store->db()).pending("a-0").at(0).attempts; };
        const core::TimePoint start = fleet.clock.now();
        service::ChangeRunner::Retries r = service::ChangeRunner(*fleet.store, fleet.clock).run_due();
        CHECK(r.outcomes.size() == 1);
        CHECK(attempts() == 1);
        fleet.clock.set(start + minutes(4));
        r = service::ChangeRunner(*fleet.store, fleet.clock).run_due();
        CHECK(r.outcomes.empty());
        CHECK(r.waiting == 1);
        REQUIRE(r.next_try.has_value());
        CHECK(*r.next_try == start + minutes(5));  // hooks.retry_initial
        CHECK(attempts() == 1);
        fleet.clock.set(start + minutes(5));
        service::ChangeRunner(*fleet.store, fleet.clock).run_due();
        CHECK(attempts() == 2);
        // By hand (a name given) there is no backoff.
        service::ChangeRunner(*fleet.store, fleet.clock).run("a-0");
        CHECK(attempts() == 3);
        std::ofstream(fixed).put('\n');
        fleet.clock.set(start + minutes(5 + 20));  // 5 min, 10 min, 20 min after the third failure
        service::ChangeRunner(*fleet.store, fleet.clock).run_due();
        CHECK(certs::LifecycleStore(fleet.store->db()).pending("a-0").empty());
    }
}
