// tests/unit/certs/test_inventory.cpp — the certificates table read three ways (a row, every row, every row's
// policy settings) gives the same settings, and a renewal keeps them, the restore action included.
#include "lib/certs/inventory.h"

#include "tests/unit/issued_store.h"

#include <doctest/doctest.h>

using namespace certctl;

namespace {
struct Settings {
    std::string purpose, state, policy, action, restore_action;
    bool operator==(const Settings& o) const {
        return purpose == o.purpose && state == o.state && policy == o.policy && action == o.action &&
               restore_action == o.restore_action;
    }
};
Settings of(const certs::CertRecord& r) { return {r.purpose, r.state, r.policy, r.action, r.restore_action}; }
Settings of(const certs::CertPolicy& p) { return {p.purpose, p.state, p.policy, p.action, p.restore_action}; }

struct SettingsStore : test::IssuedStore {
    SettingsStore() : test::IssuedStore("inventory-settings") {
        add_root("root", "Inventory Root");
        issue("root", numbered("c", 6), "leaf");
        certs::Inventory inventory(store->db());
        store->db().transaction([&] {
            inventory.set_policy("c-1", "fail-hard", "systemctl stop tunnel");
            inventory.set_restore_action("c-1", "systemctl start tunnel");
            inventory.set_state("c-2", certs::k_state_out_of_service);
            inventory.set_restore_action("c-3", "");  // cleared: the same as never set
        });
    }
};
}  // namespace

TEST_CASE("list, find and policies agree on every row's settings") {
    SettingsStore s;
    certs::Inventory inventory(s.store->db());
    const std::vector<certs::CertRecord> rows = inventory.list();
    REQUIRE(rows.size() == 6);
    CHECK(inventory.count() == 6);
    const auto policies = inventory.policies();
    CHECK(policies.size() == rows.size());
    for (const certs::CertRecord& r : rows) {
        CAPTURE(r.name);
        const certs::CertPolicy* p = certs::find_policy(policies, r.name);
        REQUIRE(p != nullptr);
        CHECK(p->name == r.name);
        CHECK(of(*p) == of(r));
        CHECK(of(*inventory.find(r.name)) == of(r));
        CHECK(inventory.list_fields().size() == rows.size());
    }
    const certs::CertRecord& hard = rows[1];
    REQUIRE(hard.name == "c-1");
    CHECK(hard.policy == "fail-hard");
    CHECK(hard.action == "systemctl stop tunnel");
    CHECK(hard.restore_action == "systemctl start tunnel");
    CHECK(rows[2].state == certs::k_state_out_of_service);
    CHECK(rows[3].restore_action.empty());
}

TEST_CASE("a renewal keeps the row's settings, its restore action included") {
    SettingsStore s;
    certs::Inventory inventory(s.store->db());
    const certs::CertRecord before = *inventory.find("c-1");
    certs::CertRecord successor = *inventory.find("c-4");  // another certificate's fields, under c-1's name
    successor.name = "c-1";
    successor.policy = "fail-soft";
    successor.action.clear();
    successor.restore_action.clear();
    s.store->db().transaction([&] { inventory.replace(successor, "2026-06-02T00:00:00Z", "renew"); });
    const certs::CertRecord after = *inventory.find("c-1");
    CHECK(after.serial == successor.serial);
    CHECK(after.policy == before.policy);
    CHECK(after.action == before.action);
    CHECK(after.restore_action == "systemctl start tunnel");
    CHECK(of(*certs::find_policy(inventory.policies(), "c-1")) == of(after));
    CHECK(certs::find_policy(inventory.policies(), "c-9") == nullptr);
}

TEST_CASE("tally counts what the rows say: in and out of service, and expired at any moment") {
    SettingsStore s;  // c-2 out of service
    certs::Inventory inventory(s.store->db());
    const std::vector<certs::CertRecord> rows = inventory.list_fields();
    REQUIRE(!rows.empty());
    // Before every certificate begins, between, and after every one ends: the same counts as the rows give.
    for (const std::string& now :
         {rows.front().not_before, rows.front().not_after, std::string("9999-12-31T00:00:00Z")}) {
        CAPTURE(now);
        const certs::Inventory::Tally t = inventory.tally(now);
        std::int64_t in = 0, out = 0, expired = 0;
        for (const certs::CertRecord& r : rows) {
            in += r.state == certs::k_state_in_service ? 1 : 0;
            out += r.state == certs::k_state_out_of_service ? 1 : 0;
            expired += r.not_after < now ? 1 : 0;
        }
        CHECK(t.total == static_cast<std::int64_t>(rows.size()));
        CHECK(t.in_service == in);
        CHECK(t.out_of_service == out);
        CHECK(t.out_of_service == 1);
        CHECK(t.expired == expired);
    }
    CHECK(inventory.tally("9999-12-31T00:00:00Z").expired == static_cast<std::int64_t>(rows.size()));
    CHECK(inventory.tally("1970-01-01T00:00:00Z").expired == 0);
}

TEST_CASE("for_each judged: every row's certificate, its chain only where a trust bundle is named") {
    SettingsStore s;
    s.store->db().sql().exec("UPDATE certificates SET chain_pem = 'the chain of ' || name");
    s.store->db().sql().exec("UPDATE certificates SET trust_bundle = 'lab' WHERE name IN ('c-1', 'c-4')");
    certs::Inventory inventory(s.store->db());
    const std::vector<certs::CertRecord> whole = inventory.list();
    std::vector<certs::CertRecord> judged;
    inventory.for_each(certs::Inventory::Content::judged, [&](certs::CertRecord&& r) { judged.push_back(r); });
    REQUIRE(judged.size() == whole.size());
    std::size_t with_chain = 0;
    for (std::size_t i = 0; i < judged.size(); ++i) {
        CAPTURE(judged[i].name);
        CHECK(judged[i].name == whole[i].name);
        CHECK(!judged[i].der.empty());
        CHECK(judged[i].der == whole[i].der);
        CHECK(of(judged[i]) == of(whole[i]));
        CHECK(whole[i].chain_pem == "the chain of " + whole[i].name);
        if (judged[i].trust_bundle.empty()) {
            CHECK(judged[i].chain_pem.empty());
        } else {
            CHECK(judged[i].chain_pem == whole[i].chain_pem);
            ++with_chain;
        }
    }
    CHECK(with_chain == 2);
}

TEST_CASE("issued_in_service: the issued rows in service with both dates, as the whole rows say") {
    SettingsStore s;  // c-2 out of service
    s.store->db().sql().exec("UPDATE certificates SET source = 'imported' WHERE name = 'c-3'");
    s.store->db().sql().exec("UPDATE certificates SET not_before = NULL WHERE name = 'c-4'");
    certs::Inventory inventory(s.store->db());
    std::vector<std::string> expected;
    for (const certs::CertRecord& r : inventory.list_fields()) {
        if (r.source == "issued" && r.state == certs::k_state_in_service && !r.not_before.empty() &&
            !r.not_after.empty()) {
            expected.push_back(r.name + " " + r.not_before + " " + r.not_after);
        }
    }
    std::vector<std::string> got;
    for (const certs::Inventory::IssuedDates& d : inventory.issued_in_service()) {
        got.push_back(d.name + " " + d.not_before + " " + d.not_after);
    }
    CHECK(got == expected);
    CHECK(got.size() == 3);  // of six: one out of service, one imported, one without its start date
}
