// tests/unit/csr/test_csr_store.cpp — rows, audit events and counters move together; refusals are recorded.
#include "lib/audit/audit_log.h"
#include "lib/audit/counters.h"
#include "lib/core/atomic_file.h"
#include "lib/core/error.h"
#include "lib/core/rfc3339.h"
#include "lib/csr/csr_store.h"
#include "lib/keys/key_store.h"
#include "tests/unit/test_dir.h"

#include <botan/auto_rng.h>
#include <doctest/doctest.h>

using namespace certctl;

namespace {
struct Fixture {
    core::StorePaths paths;
    std::unique_ptr<storage::Store> store;
    core::FixedClock clock{core::parse_time("2026-05-01T08:00:00Z")};
    Botan::AutoSeeded_RNG rng;
    csr::CsrStore csrs;
    explicit Fixture(const std::string& label)
        : paths(test::case_dir(label) / "store"),
          store(storage::Store::open(paths, storage::Store::Access::write, core::Config())),
          csrs(*store, clock, rng) {}
    std::int64_t counter(const std::string& name) { return audit::Counters(store->db()).all().at(name); }
    // The CSR events only: a key made on the fly has its own (system.generate_key).
    std::vector<audit::Event> events() {
        audit::EventFilter filter;
        filter.type = "system.generate_csr";
        return audit::AuditLog(store->db(), clock).list(filter);
    }
};

csr::CreateParams params(const std::string& name) {
    csr::CreateParams p;
    p.name = name;
    p.subject.common_name = name + ".example.net";
    p.sans.dns = {name + ".example.net"};
    p.validity_days = 90;
    return p;
}
}  // namespace

TEST_SUITE("csr::CsrStore") {
    TEST_CASE("create makes the missing key, stores the CSR, audits and counts") {
        Fixture f("create");
        const csr::CsrInfo info = f.csrs.create(params("web01"));
        CHECK(info.key_generated);
        CHECK(info.key_algorithm == "ec:secp256r1");
        CHECK(info.created == "2026-05-01T08:00:00Z");
        CHECK(keys::KeyStore(*f.store, f.clock).find("web01"));
        const auto found = f.csrs.find("web01");
        REQUIRE(found);
        CHECK(found->sans.dns == std::vector<std::string>{"web01.example.net"});
        CHECK(*found->validity_days == 90);
        CHECK(csr::read_request(f.csrs.export_pem("web01"), "t").subject.common_name == "web01.example.net");
        CHECK(f.counter("csr_success") == 1);
        const auto events = f.events();
        REQUIRE(events.size() == 1);
        CHECK(events[0].type == "system.generate_csr");
        CHECK(events[0].detail["key_name"] == "web01");
        CHECK(events[0].detail["algorithm"] == "ec:secp256r1");
        CHECK(events[0].detail["subject"] == "CN=web01.example.net");
        CHECK(events[0].success);
    }
    TEST_CASE("an existing key is used, never replaced") {
        Fixture f("existing-key");
        keys::KeyStore keys(*f.store, f.clock, f.rng);
        const auto key = keys.generate("gw", keys::KeySpec::parse("rsa:2048"), std::nullopt);
        auto p = params("gw-2026");
        p.key_name = "gw";
        const auto info = f.csrs.create(p);
        CHECK_FALSE(info.key_generated);
        CHECK(info.public_key_sha256 == key.public_key_sha256);
        CHECK(f.csrs.list().size() == 1);
    }
    TEST_CASE("refusals change nothing but are audited and counted") {
        Fixture f("refusals");
        f.csrs.create(params("web01"));
        const auto refuse = [&](csr::CreateParams p, core::Errc expected) {
            try {
                f.csrs.create(p);
                FAIL("accepted");
            } catch (const core::Error& e) {
                CHECK(e.code() == expected);
            }
        };
        auto empty_cn = params("a1");
        empty_cn.subject.common_name.clear();
        refuse(empty_cn, core::Errc::usage);
        auto bad_country = params("a2");
        bad_country.subject.country = "Germany";
        refuse(bad_country, core::Errc::usage);
        refuse(params("web01"), core::Errc::usage);  // existing name
        auto missing_key = params("a3");
        missing_key.key_name = "nokey";
        refuse(missing_key, core::Errc::not_found);
        refuse(params("../x"), core::Errc::usage);
        auto bad_days = params("a4");
        bad_days.validity_days = 0;
        refuse(bad_days, core::Errc::usage);
        CHECK(f.csrs.list().size() == 1);
        CHECK(keys::KeyStore(*f.store, f.clock).list().size() == 1);
        CHECK(f.counter("csr_success") == 1);
        CHECK(f.counter("csr_failure") == 6);
        const auto events = f.events();
        REQUIRE(events.size() == 7);
        CHECK_FALSE(events[1].success);
        CHECK(events[1].detail["error"].get<std::string>().find("common name") != std::string::npos);
    }
    TEST_CASE("an encrypted key needs its passphrase; a wrong one is bad input") {
        Fixture f("passphrase");
        const auto dir = f.paths.root().parent_path();
        core::write_file_atomic(dir / "right", "right\n", 0600);
        core::write_file_atomic(dir / "wrong", "wrong\n", 0600);
        auto p = params("db01");
        p.passphrase_file = (dir / "right").string();
        f.csrs.create(p);  // makes db01 encrypted
        CHECK(keys::KeyStore(*f.store, f.clock).find("db01")->encrypted);
        auto again = params("db01-2");
        again.key_name = "db01";
        again.passphrase_file = (dir / "wrong").string();
        CHECK_THROWS_AS(f.csrs.create(again), core::Error);
        again.passphrase_file.reset();
        CHECK_THROWS_AS(f.csrs.create(again), core::Error);
        CHECK(f.counter("csr_failure") == 2);
    }
}
