// tests/unit/exchange/test_store_cas.cpp — the lab cloud over a real store: ca::LocalCa and keys::KeyStore make
// the hierarchy, and what authorize and answer_sync write verifies and imports.
#include "lib/ca/local_ca.h"
#include "lib/certs/inventory.h"
#include "lib/core/config.h"
#include "lib/core/error.h"
#include "lib/exchange/exchange_import.h"
#include "lib/exchange/exchange_verifier.h"
#include "lib/exchange/registration.h"
#include "lib/exchange/store_cas.h"
#include "lib/exchange/store_inputs.h"
#include "tests/unit/exchange/lab.h"
#include "tests/unit/test_dir.h"

#include <doctest/doctest.h>

using namespace certctl;

TEST_SUITE("exchange::StoreCas") {
    TEST_CASE("register, authorize, import, sync request, sync response, import: every answer verifies") {
        const auto dir = test::case_dir("store cas round trip");
        auto store = storage::Store::open(core::StorePaths(dir / "store"), storage::Store::Access::write, core::Config());
        const core::SystemClock clock;
        const ca::ProfileSet profiles;
        exchange::StoreCas cas(*store, clock, test::lab_rng(), profiles);
        keys::KeyStore ks(*store, clock);
        ca::LocalCa local(*store, clock, test::lab_rng(), profiles);
        ca::InitOptions root;
        root.name = "licensing-root";
        root.profile = "root";
        root.subject.add_attribute("X520.CommonName", "Lab Licensing Root");
        local.init(root, ca::unencrypted_key_access(ks));
        const Botan::X509_Certificate root_cert = cas.certificate("licensing-root");

        const exchange::RegistrationRequest reg =
            exchange::build_registration(*store, clock, {"lab", test::k_lab_uuid, std::nullopt, std::nullopt, std::nullopt});
        const auto reg_file = exchange::ExchangeFile::parse(exchange::write_registration(reg), "reg.yml");
        const auto auth = exchange::ExchangeFile::parse(
            exchange::authorize(reg_file, cas, "licensing-root", clock, test::lab_rng()), "auth.yml");
        const auto report = exchange::verify_exchange(auth, {root_cert}, clock.now());
        for (const auto& c : report.checks) {
            INFO(c.name << ": " << c.detail);
            CHECK(c.status == exchange::Check::Status::pass);
        }
        CHECK(local.find("licensing-root-sub-ca"));
        CHECK(local.find("licensing-root-satellite"));
        CHECK(local.find("licensing-root-tg-issuer"));

        const auto imported = exchange::import_exchange(store->db(), auth, {root_cert}, clock);
        REQUIRE(imported.report.valid());
        CHECK(certs::Inventory(store->db()).find("id_cert")->key_name == "lab-lcs");

        const auto sr = exchange::ExchangeFile::parse(
            exchange::write_sync_request(exchange::build_sync_request(store->db(), clock, {})), "sr.yml");
        CHECK(exchange::verify_exchange(sr, {}, clock.now()).valid());
        const auto resp = exchange::ExchangeFile::parse(
            exchange::answer_sync(sr, cas, "licensing-root", clock, test::lab_rng(), "PARTIAL"), "sync.yml");
        CHECK(exchange::verify_exchange(resp, {root_cert}, clock.now()).valid());
        const auto again = exchange::import_exchange(store->db(), resp, {root_cert}, clock);
        REQUIRE(again.report.valid());
        CHECK(again.certificates.front().name == "id_cert");
        CHECK(again.certificates.front().replaced);
    }
    TEST_CASE("a CA that is not a root, or no CA, is refused before anything is made") {
        const auto dir = test::case_dir("store cas refusals");
        auto store = storage::Store::open(core::StorePaths(dir / "store"), storage::Store::Access::write, core::Config());
        const core::SystemClock clock;
        const ca::ProfileSet profiles;
        exchange::StoreCas cas(*store, clock, test::lab_rng(), profiles);
        keys::KeyStore ks(*store, clock);
        const exchange::RegistrationRequest reg =
            exchange::build_registration(*store, clock, {"lab", test::k_lab_uuid, std::nullopt, std::nullopt, std::nullopt});
        const auto reg_file = exchange::ExchangeFile::parse(exchange::write_registration(reg), "reg.yml");
        CHECK_THROWS_AS(exchange::authorize(reg_file, cas, "nosuch", clock, test::lab_rng()), core::Error);
        CHECK_FALSE(cas.exists("nosuch-sub-ca"));
    }
}
