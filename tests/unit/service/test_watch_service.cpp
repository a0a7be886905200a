// tests/unit/service/test_watch_service.cpp — days of watch on a real store with a stepped clock:
// escalation minor -> major -> critical, the recheck schedule, and re-evaluation on a store change.
#include "service/watch_service.h"

#include "lib/audit/alarm_store.h"
#include "lib/core/rfc3339.h"
#include "tests/unit/test_dir.h"

#include <botan/auto_rng.h>
#include <botan/ec_group.h>
#include <botan/ecdsa.h>
#include <botan/x509self.h>
#include <doctest/doctest.h>

using namespace certctl;
using std::chrono::hours;
using std::chrono::seconds;

namespace {
// Botan (not certctl) makes the certificate: a self-signed one with exact dates.
std::vector<std::uint8_t> cert_der(core::TimePoint not_before, core::TimePoint not_after) {
    Botan::AutoSeeded_RNG rng;
    Botan::ECDSA_PrivateKey key(rng, Botan::EC_Group("secp256r1"));
    Botan::X509_Cert_Options opts("web01");
    opts.start = Botan::X509_Time(not_before);
    opts.end = Botan::X509_Time(not_after);
    return Botan::X509::create_self_signed_cert(opts, key, "SHA-256", rng).BER_encode();
}

void put_cert(storage::Database& db, const std::vector<std::uint8_t>& der) {
    SQLite::Statement q(db.sql(),
                        "INSERT INTO certificates (name, source, der, imported) VALUES ('web01', 'imported', ?, 'x') "
                        "ON CONFLICT(name) DO UPDATE SET der = excluded.der");
    q.bind(1, der.data(), static_cast<int>(der.size()));
    q.exec();
}

std::optional<audit::Severity> severity(storage::Database& db, const core::Clock& clock) {
    audit::AlarmStore alarms(db, clock);
    const auto a = alarms.active("certificate", "web01");
    return a ? std::optional<audit::Severity>(a->severity) : std::nullopt;
}
}  // namespace

TEST_SUITE("service::WatchService") {
    TEST_CASE("escalates as days pass, rechecks on its schedule, re-evaluates when the store changes") {
        const core::StorePaths paths(test::case_dir("watch") / "store");
        const core::TimePoint t0 = core::parse_time("2026-06-01T00:00:00Z");
        core::FixedClock clock(t0);
        auto open = [&] { return storage::Store::open(paths, storage::Store::Access::write, core::Config()); };
        auto other = open();  // another process's connection, as `cert import` would have
        put_cert(other->db(), cert_der(t0 - hours(24), t0 + hours(8 * 24 + 1)));
        std::vector<std::string> log;
        service::WatchService watch(open, clock, 42, [&](const std::string& l) { log.push_back(l); });

        watch.step();
        CHECK(watch.evaluations() == 1);
        CHECK(severity(other->db(), clock) == audit::Severity::minor);
        // Re-evaluation comes after watch.recheck_interval (1h) +/- 10% jitter, not before.
        clock.advance(seconds(3240 - 1));
        watch.step();
        CHECK(watch.evaluations() == 1);
        clock.advance(seconds(3960 - 3240 + 1));
        watch.step();
        CHECK(watch.evaluations() == 2);
        // A day later it is within 7 days: major; after notAfter: critical. Steps of an hour, no sleeping.
        while (clock.now() < t0 + hours(25) + seconds(3960)) {
            clock.advance(hours(1));
            watch.step();
        }
        CHECK(severity(other->db(), clock) == audit::Severity::major);
        while (clock.now() < t0 + hours(8 * 24 + 2) + seconds(3960)) {
            clock.advance(hours(1));
            watch.step();
        }
        CHECK(severity(other->db(), clock) == audit::Severity::critical);
        // A renewal written by another process is noticed by the store-change poll, before the next recheck.
        const std::size_t before = watch.evaluations();
        put_cert(other->db(), cert_der(clock.now() - hours(1), clock.now() + hours(365 * 24)));
        clock.advance(service::WatchService::k_store_poll);
        watch.step();
        watch.step();
        CHECK(watch.evaluations() == before + 1);
        CHECK_FALSE(severity(other->db(), clock));
        CHECK(std::find(log.begin(), log.end(), "store changed: evaluating now") != log.end());
    }

    TEST_CASE("reload reopens the store and makes every job due now") {
        const core::StorePaths paths(test::case_dir("reload") / "store");
        core::FixedClock clock(core::parse_time("2026-06-01T00:00:00Z"));
        int opened = 0;
        auto open = [&] {
            ++opened;
            return storage::Store::open(paths, storage::Store::Access::write, core::Config());
        };
        service::WatchService watch(open, clock, 1, [](const std::string&) {});
        watch.step();
        CHECK(watch.evaluations() == 1);
        watch.reload();
        CHECK(opened == 2);
        CHECK(watch.scheduler().next_due() == clock.now());
        watch.step();
        CHECK(watch.evaluations() == 2);
    }
}
