// tests/unit/service/test_auto_renewal.cpp — a local CA's certificate walks through its renewal window on a
// stepped clock: `watch` renews it exactly once, its hook runs once with the right environment, a failing hook
// is retried on the next pass, and a rekey that fails inside its transaction leaves the old key and certificate.
#include "service/auto_renewal.h"

#include "lib/audit/alarm_store.h"
#include "lib/ca/local_ca.h"
#include "lib/certs/inventory.h"
#include "lib/certs/lifecycle_store.h"
#include "lib/core/rfc3339.h"
#include "lib/keys/key_store.h"
#include "lib/keys/private_key_codec.h"
#include "service/watch_service.h"
#include "tests/unit/issued_store.h"

#include <doctest/doctest.h>
#include <fstream>

using namespace certctl;
using std::chrono::hours;
using std::chrono::seconds;

namespace {
constexpr auto k_day = hours(24);

// A root CA and web01, a 30-day tls-server certificate from it for the store's key web01.
struct Lab : test::IssuedStore {
    explicit Lab(const std::string& label) : IssuedStore(label) {
        add_root("root", "Renewal Root");
        issue("root", {"web01"}, "web01", ca::IssueOptions::Output::none);
    }
    certs::CertRecord web01() { return *certs::Inventory(store->db()).find("web01"); }
};

std::string read(const std::filesystem::path& p) {
    std::ifstream in(p);
    return std::string(std::istreambuf_iterator<char>(in), {});
}
}  // namespace

TEST_SUITE("service::auto_renewal") {
    TEST_CASE("the renewal window: a third of the lifetime, before the major alarm, never over half") {
        const core::TimePoint nb = core::parse_time("2026-01-01T00:00:00Z");
        const core::Seconds major = std::chrono::duration_cast<core::Seconds>(7 * k_day);
        // 397 days: a third is 132 d 8 h, well before the major alarm.
        CHECK(policies::renewal_time(nb, nb + 397 * k_day, core::Seconds(0), major) ==
              nb + 397 * k_day - 132 * k_day - hours(8));
        // 30 days: a third (10 d) is already more than 7 d + 24 h.
        CHECK(policies::renewal_time(nb, nb + 30 * k_day, core::Seconds(0), major) == nb + 20 * k_day);
        // 18 days: a third (6 d) would be inside the major alarm; 8 d ahead instead.
        CHECK(policies::renewal_time(nb, nb + 18 * k_day, core::Seconds(0), major) == nb + 10 * k_day);
        // 10 days: 8 d ahead would be over half; half it is, so a fresh certificate is never due.
        CHECK(policies::renewal_time(nb, nb + 10 * k_day, core::Seconds(0), major) == nb + 5 * k_day);
        // Configured renew_before, capped at half the lifetime.
        CHECK(policies::renewal_time(nb, nb + 30 * k_day, std::chrono::duration_cast<core::Seconds>(3 * k_day),
                                     major) == nb + 27 * k_day);
        CHECK(policies::renewal_time(nb, nb + 30 * k_day, std::chrono::duration_cast<core::Seconds>(40 * k_day),
                                     major) == nb + 15 * k_day);
    }

    // Long by design: one scenario on the stepped clock, step after step, each checked where it happens.
    TEST_CASE("watch renews once in the window, runs the hook once with its environment, retries a failing one") {
        Lab lab("renewal_window");
        const certs::CertRecord first = lab.web01();
        const std::filesystem::path env_file = lab.dir / "hook.env";
        const std::filesystem::path runs = lab.dir / "hook.runs";
        lab.store->db().transaction([&] {
            certs::LifecycleStore(lab.store->db())
                .set_hook(
                    "web01",
                    "env | grep ^CERTCTL_ | sort > '" + env_file.string() + "'; echo x >> '" + runs.string() + "'",
                    "now");
        });
        std::vector<std::string> log;
        service::WatchService watch([&] { return lab.open(); }, lab.clock, 7,
                                     [&](const std::string& l) { log.push_back(l); });

        // 30 days from 2026-06-01: the window opens on day 20 (a third of the lifetime before notAfter).
        const core::TimePoint opens = core::parse_time(first.not_before) + 20 * k_day;
        watch.step();
        lab.clock.set(opens - seconds(1));
        watch.step();
        CHECK(lab.web01().serial == first.serial);
        CHECK(lab.count("SELECT count(*) FROM audit WHERE type = 'system.renew_certificate'") == 0);
        CHECK_FALSE(std::filesystem::exists(runs));

        lab.clock.set(opens + hours(2));  // past the recheck interval: the next pass is due
        watch.step();
        const certs::CertRecord second = lab.web01();
        CHECK(second.serial != first.serial);
        CHECK(second.subject == first.subject);
        CHECK(lab.count("SELECT count(*) FROM audit WHERE type = 'system.renew_certificate' AND success = 1") == 1);
        CHECK(certs::Inventory(lab.store->db()).history("web01").size() == 1);
        CHECK(read(runs) == "x\n");
        const std::string env = read(env_file);
        CHECK(env.find("CERTCTL_NAME=web01\n") != std::string::npos);
        CHECK(env.find("CERTCTL_EVENT=renew\n") != std::string::npos);
        CHECK(env.find("CERTCTL_SERIAL=" + second.serial + "\n") != std::string::npos);
        CHECK(env.find("CERTCTL_FINGERPRINT=" + second.fingerprint + "\n") != std::string::npos);

        // Later passes: renewed exactly once, the hook not run again.
        for (int i = 0; i < 5; ++i) {
            lab.clock.advance(hours(2));
            watch.step();
        }
        CHECK(lab.web01().serial == second.serial);
        CHECK(lab.count("SELECT count(*) FROM audit WHERE type = 'system.renew_certificate'") == 1);
        CHECK(read(runs) == "x\n");

        // A failing hook at the next renewal: alarm, retried each pass, cleared once it works.
        const std::filesystem::path fixed = lab.dir / "fixed";
        lab.store->db().transaction([&] {
            certs::LifecycleStore(lab.store->db())
                .set_hook("web01", "[ -f '" + fixed.string() + "' ] || exit 4; echo y >> '" + runs.string() + "'",
                          "now");
        });
        lab.clock.set(core::parse_time(second.not_before) + 20 * k_day + hours(1));
        watch.step();
        CHECK(lab.web01().serial != second.serial);
        audit::AlarmStore alarms(lab.store->db(), lab.clock);
        REQUIRE(alarms.active("certificate_hook", "web01").has_value());
        CHECK(alarms.active("certificate_hook", "web01")->severity == audit::Severity::major);
        CHECK(certs::LifecycleStore(lab.store->db()).pending("web01").at(0).attempts == 1);
        lab.clock.advance(hours(2));
        watch.step();
        CHECK(certs::LifecycleStore(lab.store->db()).pending("web01").at(0).attempts == 2);
        std::ofstream(fixed).put('\n');
        lab.clock.advance(hours(2));
        watch.step();
        CHECK(certs::LifecycleStore(lab.store->db()).pending("web01").empty());
        CHECK_FALSE(alarms.active("certificate_hook", "web01").has_value());
        CHECK(read(runs) == "x\ny\n");
        CHECK(lab.count("SELECT count(*) FROM audit WHERE type = 'system.certificate_hook' AND success = 0") == 2);
    }

    TEST_CASE("a renewal that cannot be done raises an alarm and is retried") {
        Lab lab("renewal_fails");
        // The CA key gains a passphrase: watch, which has none, cannot renew.
        {
            keys::KeyStore keystore(*lab.store, lab.clock);
            const auto key = keystore.load_private("root", std::nullopt);
            keystore.swap("root", *key, std::string("secret"), [] {});
        }
        lab.clock.set(core::parse_time(lab.web01().not_before) + 25 * k_day);
        const service::RenewalPass pass = service::renew_due(*lab.store, lab.clock, [](const std::string&) {});
        CHECK(pass.due == 1);
        CHECK(pass.failed == 1);
        audit::AlarmStore alarms(lab.store->db(), lab.clock);
        REQUIRE(alarms.active("renewal", "web01").has_value());
        CHECK(alarms.active("renewal", "web01")->reason.find("passphrase") != std::string::npos);
        CHECK(lab.count("SELECT count(*) FROM audit WHERE type = 'system.renew_certificate' AND success = 0") == 1);
    }

    TEST_CASE("a rekey that fails inside its transaction leaves the old key and certificate in service") {
        Lab lab("rekey_rollback");
        const certs::CertRecord before = lab.web01();
        const std::string key_file_before = read(lab.paths.key_file("web01"));
        keys::KeyStore keystore(*lab.store, lab.clock);
        const auto fresh = keystore.create(keys::KeySpec::default_spec());
        bool ran = false;
        CHECK_THROWS(keystore.swap("web01", *fresh, std::nullopt, [&] {
            ran = true;
            throw std::runtime_error("power lost between issuing and storing");
        }));
        CHECK(ran);
        CHECK(read(lab.paths.key_file("web01")) == key_file_before);
        CHECK(keystore.find("web01")->public_key_sha256 != keys::public_key_sha256(*fresh));
        CHECK(lab.web01().serial == before.serial);
        const std::filesystem::path deleted = lab.paths.keys_dir() / "deleted";
        const bool kept_something = std::filesystem::exists(deleted) && !std::filesystem::is_empty(deleted);
        CHECK_FALSE(kept_something);
    }
}
