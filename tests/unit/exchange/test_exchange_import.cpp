// tests/unit/exchange/test_exchange_import.cpp — a verified response lands whole; a failing one changes nothing.
#include "lib/audit/counters.h"
#include "lib/certs/inventory.h"
#include "lib/core/error.h"
#include "lib/exchange/exchange_import.h"
#include "lib/exchange/sync_cadence.h"
#include "tests/unit/exchange/lab.h"
#include "tests/unit/test_dir.h"

#include <SQLiteCpp/Statement.h>
#include <doctest/doctest.h>

using namespace certctl;

namespace {
const test::Lab& lab() {
    static const test::Lab l;
    return l;
}
int count(storage::Database& db, const std::string& table) {
    SQLite::Statement q(db.sql(), "SELECT count(*) FROM " + table);
    q.executeStep();
    return q.getColumn(0).getInt();
}
}  // namespace

TEST_SUITE("exchange::import") {
    TEST_CASE("an authorization imports eight certificates, the sync, and counts them") {
        storage::Database db(test::case_dir("import ok") / "certctl.db", true);
        const core::SystemClock clock;
        const auto file = exchange::ExchangeFile::parse(lab().authorization(), "auth.yml");
        const auto r = exchange::import_exchange(db, file, {lab().root.cert}, clock);
        REQUIRE(r.report.valid());
        CHECK(r.certificates.size() == 8);
        CHECK(count(db, "certificates") == 8);
        CHECK(count(db, "exchange_syncs") == 1);
        CHECK(audit::Counters(db).all().at("certificate_import_success") == 8);
        const auto id = certs::Inventory(db).find("id_cert");
        REQUIRE(id);
        CHECK(id->purpose == "id-cert");
        CHECK(id->chain_pem.find("BEGIN CERTIFICATE") != std::string::npos);
        CHECK(certs::Inventory(db).find("sub_ca_cert")->purpose == "ca");
        CHECK(exchange::last_successful_sync(db)->instance_id == test::k_lab_uuid);

        // Again (a renewal): rows replaced, not duplicated; an operator's policy survives.
        certs::Inventory(db).set_policy("id_cert", "fail-hard", "/bin/true");
        const auto again = exchange::import_exchange(db, file, {lab().root.cert}, clock);
        CHECK(again.certificates.front().replaced);
        CHECK(count(db, "certificates") == 8);
        CHECK(certs::Inventory(db).find("id_cert")->policy == "fail-hard");
    }
    TEST_CASE("a file that fails verification writes no certificate and no sync") {
        storage::Database db(test::case_dir("import bad") / "certctl.db", true);
        const core::SystemClock clock;
        std::string text = lab().authorization();
        text.replace(text.find("sat-rest-003"), 12, "sat-rest-004");
        const auto r = exchange::import_exchange(db, exchange::ExchangeFile::parse(text, "bad.yml"), {lab().root.cert}, clock);
        CHECK_FALSE(r.report.valid());
        CHECK(r.certificates.empty());
        CHECK(count(db, "certificates") == 0);
        CHECK(count(db, "exchange_syncs") == 0);
        CHECK(audit::Counters(db).all().at("certificate_import_failure") == 1);
        CHECK_FALSE(exchange::import_exchange(db, exchange::ExchangeFile::parse(lab().authorization(), "a.yml"), {}, clock)
                        .report.valid());
        CHECK(count(db, "certificates") == 0);
    }
    TEST_CASE("a request is not importable") {
        storage::Database db(test::case_dir("import request") / "certctl.db", true);
        const core::SystemClock clock;
        CHECK_THROWS_AS(exchange::import_exchange(db, exchange::ExchangeFile::parse(":instance_id: x\n", "r.yml"), {}, clock),
                        core::Error);
    }
}
