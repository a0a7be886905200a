// tests/unit/certs/test_importer.cpp — the inventory, and the importer's order, modes, audit and counters.
#include "lib/audit/audit_log.h"
#include "lib/audit/counters.h"
#include "lib/certs/cert_parser.h"
#include "lib/certs/importer.h"
#include "lib/certs/inventory.h"
#include "lib/core/error.h"
#include "lib/core/rfc3339.h"
#include "tests/unit/certs/test_pki.h"
#include "tests/unit/test_dir.h"
#include "tests/unit/test_helpers.h"

#include <botan/hash.h>
#include <botan/hex.h>
#include <botan/pkcs8.h>
#include <doctest/doctest.h>
#include <fstream>

using namespace certctl;
using test::write;

namespace {

std::size_t count_rows(storage::Database& db, const std::string& table) {
    SQLite::Statement q(db.sql(), "SELECT count(*) FROM " + table);
    q.executeStep();
    return static_cast<std::size_t>(q.getColumn(0).getInt64());
}

struct Fixture {
    std::filesystem::path dir = test::case_dir("importer");
    storage::Database db{dir / "certctl.db", true};
    core::FixedClock clock{core::parse_time("2026-06-01T00:00:00Z")};
    certs::NoRevocationData no_crl;
    test::Issued root = test::issue({"root", true}, nullptr, clock.now());
    test::Issued leaf = test::issue({"web01"}, &root, clock.now());
    certs::Importer importer{db, clock, no_crl, [this](const std::string& b) {
                                 if (b != "lab") {
                                     throw core::Error(core::Errc::not_found, "no such trust bundle", b, "");
                                 }
                                 return std::vector<Botan::X509_Certificate>{root.cert};
                             }};

    certs::ImportRequest request(const std::string& name, const std::string& pem) {
        certs::ImportRequest r;
        r.name = name;
        r.file = write(dir, name + ".pem", pem);
        r.trust_bundle = "lab";
        return r;
    }
    std::int64_t counter(const std::string& name) { return audit::Counters(db).all().at(name); }
};

core::Errc refusal(const std::function<void()>& f, std::string* why = nullptr) {
    try {
        f();
    } catch (const core::Error& e) {
        if (why != nullptr) {
            *why = e.why();
        }
        return e.code();
    }
    FAIL("no refusal");
    return core::Errc::internal;
}
}  // namespace

TEST_SUITE("certs::Inventory") {
    TEST_CASE("add, find, list, state, remove") {
        storage::Database db(test::case_dir("inventory") / "certctl.db", true);
        certs::Inventory inv(db);
        certs::CertRecord r;
        r.name = "b";
        r.source = "issued";
        r.der = {1, 2, 3};
        r.warnings = {"w1"};
        r.imported = "2026-01-01T00:00:00Z";
        inv.add(r);
        r.name = "a";
        r.source = "tracked";
        r.der.clear();
        r.path = "/etc/ssl/x.pem";
        inv.add(r);
        CHECK_THROWS_AS(inv.add(r), core::Error);
        CHECK(inv.list().size() == 2);
        CHECK(inv.list()[0].name == "a");
        const auto b = inv.find("b");
        REQUIRE(b);
        CHECK(b->der == std::vector<std::uint8_t>{1, 2, 3});
        CHECK(b->warnings == std::vector<std::string>{"w1"});
        CHECK(b->state == certs::k_state_in_service);
        inv.set_state("b", certs::k_state_out_of_service);
        CHECK(inv.find("b")->state == "out-of-service");
        inv.set_policy("b", "fail-hard", "systemctl reload nginx");
        CHECK(inv.find("b")->action == "systemctl reload nginx");
        inv.remove("b");
        CHECK_FALSE(inv.exists("b"));
        CHECK(refusal([&] { inv.remove("b"); }) == core::Errc::not_found);
    }
}

TEST_SUITE("certs::Importer") {
    TEST_CASE("a good certificate: row, audit event and counter together") {
        Fixture f;
        const auto r = f.importer.import(f.request("web01", f.leaf.cert.PEM_encode()));
        CHECK(r.warnings.empty());
        CHECK(certs::Inventory(f.db).find("web01")->fingerprint == r.summary.fingerprint);
        CHECK(f.counter("certificate_import_success") == 1);
        audit::EventFilter filter;
        filter.type = "system.ingest_certificate";
        const auto events = audit::AuditLog(f.db, f.clock).list(filter);
        REQUIRE(events.size() == 1);
        CHECK(events[0].detail["common_name"] == "web01");
        CHECK(events[0].detail["certificate_authority"] == "/CN=root");
        CHECK(events[0].detail["fingerprint"] == r.summary.fingerprint);
        CHECK(events[0].success);
    }
    TEST_CASE("a private key is refused before parsing, in warn mode too, audited and counted") {
        Fixture f;
        auto req = f.request("web01", f.leaf.cert.PEM_encode() + Botan::PKCS8::PEM_encode(*f.leaf.key));
        req.mode = certs::ValidationMode::warn;
        std::string why;
        CHECK(refusal([&] { f.importer.import(req); }, &why) == core::Errc::bad_input);
        CHECK(why == certs::k_private_key_reason);
        CHECK(count_rows(f.db, "certificates") == 0);
        CHECK(f.counter("certificate_import_failure") == 1);
        audit::EventFilter filter;
        filter.type = "system.ingest_certificate";
        const auto events = audit::AuditLog(f.db, f.clock).list(filter);
        REQUIRE(events.size() == 1);
        CHECK_FALSE(events[0].success);
        CHECK(events[0].detail["error"] == certs::k_private_key_reason);
    }
    TEST_CASE("strict refuses every finding at once; warn imports and returns them") {
        Fixture f;
        f.clock.advance(std::chrono::hours(24 * 400));  // the leaf has expired
        auto req = f.request("web01", f.leaf.cert.PEM_encode());
        req.purpose = "tls-server";
        std::string why;
        CHECK(refusal([&] { f.importer.import(req); }, &why) == core::Errc::bad_input);
        CHECK(why.find("strict mode") != std::string::npos);
        CHECK(why.find("expired") != std::string::npos);
        CHECK(count_rows(f.db, "certificates") == 0);
        req.mode = certs::ValidationMode::warn;
        const auto r = f.importer.import(req);
        CHECK(r.warnings.size() >= 2);
        CHECK(certs::Inventory(f.db).find("web01")->validation_mode == "warn");
        CHECK(f.counter("certificate_import_failure") == 1);
        CHECK(f.counter("certificate_import_success") == 1);
    }
    TEST_CASE("the key called NAME must match, in every mode") {
        Fixture f;
        const test::Issued other = test::issue({"other"}, &f.root, f.clock.now());
        const auto spki_sha = [](const Botan::X509_Certificate& c) {
            return Botan::hex_encode(Botan::HashFunction::create_or_throw("SHA-256")->process(c.subject_public_key_info()), false);
        };
        SQLite::Statement ins(f.db.sql(), "INSERT INTO keys VALUES (?, 'ec:secp256r1', ?, '-', 0, '2026-01-01T00:00:00Z')");
        ins.bind(1, "web01");
        ins.bind(2, spki_sha(other.cert));
        ins.exec();
        auto req = f.request("web01", f.leaf.cert.PEM_encode());
        req.mode = certs::ValidationMode::warn;
        std::string why;
        CHECK(refusal([&] { f.importer.import(req); }, &why) == core::Errc::bad_input);
        CHECK(why.find("does not match the key") != std::string::npos);
        auto ok = f.request("web01", other.cert.PEM_encode());
        CHECK(f.importer.import(ok).record.key_name == "web01");
    }
    TEST_CASE("bad name, existing name, unknown bundle, two certificates") {
        Fixture f;
        CHECK(refusal([&] { f.importer.import(f.request("../x", f.leaf.cert.PEM_encode())); }) == core::Errc::usage);
        f.importer.import(f.request("web01", f.leaf.cert.PEM_encode()));
        CHECK(refusal([&] { f.importer.import(f.request("web01", f.leaf.cert.PEM_encode())); }) == core::Errc::usage);
        auto req = f.request("w2", f.leaf.cert.PEM_encode());
        req.trust_bundle = "nosuch";
        CHECK(refusal([&] { f.importer.import(req); }) == core::Errc::not_found);
        std::string why;
        CHECK(refusal([&] { f.importer.import(f.request("w3", f.leaf.cert.PEM_encode() + f.root.cert.PEM_encode())); },
                      &why) == core::Errc::bad_input);
        CHECK(why.find("expected one") != std::string::npos);
        CHECK(count_rows(f.db, "certificates") == 1);
        CHECK(f.counter("certificate_import_failure") == 4);
    }
}
