// tests/unit/crl/test_refresh_job.cpp — scheduling to the second on a frozen clock, file:// sources.
#include "crl/refresh_job.h"
#include "crl/source_store.h"
#include "lib/audit/alarm_store.h"
#include "lib/audit/counters.h"
#include "lib/core/atomic_file.h"
#include "lib/core/rfc3339.h"
#include "tests/unit/crl/crl_fixture.h"
#include "tests/unit/test_dir.h"

#include <doctest/doctest.h>

using namespace certctl;
using namespace std::chrono;

namespace {
void write_bytes(const std::filesystem::path& p, const std::vector<uint8_t>& v) {
    core::write_file_atomic(p, std::string(v.begin(), v.end()));
}
}  // namespace

TEST_SUITE("crl::RefreshJob") {
    // Long by design: one scenario on the stepped clock, step after step, each checked where it happens.
    TEST_CASE("polling after success, backoff after failure, alarm raised and cleared") {
        const auto dir = test::case_dir("refresh");
        const core::StorePaths paths(dir / "store");
        auto store = storage::Store::open(paths, storage::Store::Access::write, core::Config());
        test::TestCa ca("Refresh CA");
        const auto t0 = core::parse_time("2030-01-01T00:00:00Z");
        core::FixedClock clock(t0);
        const auto crl_file = dir / "lab.crl";
        write_bytes(crl_file, ca.crl({test::TestCa::entry(Botan::BigInt(42), t0 - hours(1), Botan::KEY_COMPROMISE)}, 1,
                                     t0 - minutes(1), hours(24 * 7)));

        crl::Source s;
        s.name = "lab";
        s.url = "file://" + crl_file.string();
        s.issuer_pem = ca.cert.PEM_encode();
        s.polling_interval = 3600;
        s.backoff_interval = 60;
        s.created = core::format_rfc3339(t0);
        s.next_attempt = s.created;
        crl::SourceStore(store->db()).add(s);

        crl::RefreshJob job(*store, clock);
        auto r = job.run({}, false);
        REQUIRE(r.results.size() == 1);
        CHECK(r.results[0].status == crl::SourceResult::Status::updated);
        CHECK(r.results[0].entries == 1);
        CHECK(r.next_due == t0 + hours(1));

        clock.advance(seconds(3599));
        CHECK(job.run({}, false).results.empty());  // not due yet, to the second
        clock.advance(seconds(1));
        r = job.run({}, false);
        REQUIRE(r.results.size() == 1);
        CHECK(r.results[0].status == crl::SourceResult::Status::unchanged);  // same file: stat-based validator

        std::filesystem::remove(crl_file);
        const auto t_fail = clock.now() + hours(1);
        clock.set(t_fail);
        r = job.run({}, false);
        REQUIRE(r.results.size() == 1);
        CHECK(r.results[0].status == crl::SourceResult::Status::failed);
        CHECK(r.next_due == t_fail + seconds(60));
        audit::AlarmStore alarms(store->db(), clock);
        const auto alarm = alarms.active("crl_source", "lab");
        REQUIRE(alarm);
        CHECK(alarm->severity == audit::Severity::minor);  // the last good CRL is still current
        clock.advance(seconds(59));
        CHECK(job.run({}, false).results.empty());
        clock.advance(seconds(1));
        write_bytes(crl_file, ca.crl({}, 2, clock.now() - minutes(1), hours(24 * 7)));
        r = job.run({}, false);
        REQUIRE(r.results.size() == 1);
        CHECK(r.results[0].status == crl::SourceResult::Status::updated);
        CHECK(r.results[0].removed == 1);
        CHECK_FALSE(alarms.active("crl_source", "lab"));
        const auto counters = audit::Counters(store->db()).all();
        CHECK(counters.at("crl_fetch_success") == 3);
        CHECK(counters.at("crl_fetch_failure") == 1);
        CHECK(counters.at("crl_ingestion_success") == 2);
        CHECK(job.next_due() == clock.now() + hours(1));
    }
    TEST_CASE("a stale last good CRL turns a failure major") {
        const auto dir = test::case_dir("refresh-stale");
        const core::StorePaths paths(dir / "store");
        auto store = storage::Store::open(paths, storage::Store::Access::write, core::Config());
        test::TestCa ca("Stale CA");
        const auto t0 = core::parse_time("2030-01-01T00:00:00Z");
        core::FixedClock clock(t0);
        const auto crl_file = dir / "lab.crl";
        write_bytes(crl_file, ca.crl({}, 1, t0 - minutes(1), hours(2)));
        crl::Source s;
        s.name = "lab";
        s.url = "file://" + crl_file.string();
        s.issuer_pem = ca.cert.PEM_encode();
        s.created = core::format_rfc3339(t0);
        s.next_attempt = s.created;
        crl::SourceStore(store->db()).add(s);
        crl::RefreshJob job(*store, clock);
        CHECK(job.run({}, false).results.at(0).status == crl::SourceResult::Status::updated);
        std::filesystem::remove(crl_file);
        clock.advance(hours(3));
        const auto r = job.run({}, true);
        CHECK(r.results.at(0).status == crl::SourceResult::Status::failed);
        CHECK(r.results.at(0).stale);
        const auto alarm = audit::AlarmStore(store->db(), clock).active("crl_source", "lab");
        REQUIRE(alarm);
        CHECK(alarm->severity == audit::Severity::major);
    }
}
