// tests/unit/crl/test_master_list.cpp — merge, diff, remove and lookup over two sources.
#include "crl/master_list.h"
#include "lib/core/store_paths.h"
#include "tests/unit/test_dir.h"

#include <botan/hash.h>
#include <doctest/doctest.h>

using namespace certctl;

namespace {
crl::Entry entry(const std::string& serial, std::uint32_t at, std::uint8_t reason) {
    crl::Entry e{};
    crl::parse_serial(serial, e);
    e.revoked_at = at;
    e.reason = reason;
    return e;
}
crl::SourceEntries source(const std::string& issuer_der, std::vector<crl::Entry>& entries) {
    crl::SourceEntries s;
    s.issuer_dn = "/CN=" + issuer_der;
    const auto h = Botan::HashFunction::create_or_throw("SHA-256")->process(issuer_der);
    std::copy(h.begin(), h.end(), s.issuer_sha256.begin());
    crl::sort_entries(entries);
    s.entries = &entries;
    return s;
}
std::vector<std::uint8_t> bytes(const std::string& s) { return {s.begin(), s.end()}; }
}  // namespace

TEST_SUITE("crl::MasterList") {
    TEST_CASE("publish, merge two sources, diff, lookup, remove") {
        const core::StorePaths paths(test::case_dir("master"));
        CHECK_FALSE(crl::MasterList(paths).present());
        std::vector<crl::Entry> a = {entry("03", 100, 1), entry("01", 100, 0), entry("0a", 100, 4)};
        auto st = crl::publish_master(paths, "alpha", source("issuer-a", a), 1000);
        CHECK(st.added_entries == 3);
        CHECK(st.total_entries == 3);
        std::vector<crl::Entry> b = {entry("03", 200, 2), entry("02", 200, 0)};
        st = crl::publish_master(paths, "beta", source("issuer-b", b), 1000);
        CHECK(st.total_entries == 5);
        std::vector<crl::Entry> a2 = {entry("03", 100, 1), entry("0b", 300, 1)};
        st = crl::publish_master(paths, "alpha", source("issuer-a", a2), 1000);
        CHECK(st.added_entries == 1);
        CHECK(st.removed_entries == 2);
        CHECK(st.total_entries == 4);

        const crl::MasterList m(paths);
        REQUIRE(m.present());
        CHECK(m.size() == 4);
        REQUIRE(m.sources().size() == 2);
        for (std::uint64_t i = 1; i < m.size(); ++i) {
            CHECK_FALSE(crl::entry_less(m.records()[i], m.records()[i - 1]));
        }
        crl::Entry key{};
        crl::parse_serial("03", key);
        CHECK(m.find(key).size() == 2);
        using State = certs::RevocationStatus::State;
        const auto r = m.lookup(bytes("issuer-b"), {0x03});
        CHECK(r.state == State::revoked);
        CHECK(r.reason == "cACompromise");
        CHECK(r.source == "beta");
        CHECK(m.lookup(bytes("issuer-b"), {0x0b}).state == State::good);
        CHECK(m.lookup(bytes("issuer-a"), {0x00, 0x0b}).state == State::revoked);
        CHECK(m.lookup(bytes("issuer-z"), {0x0b}).state == State::unknown);

        crl::publish_master(paths, "beta", std::nullopt, 1000);
        const crl::MasterList after(paths);
        CHECK(after.size() == 2);
        CHECK(after.lookup(bytes("issuer-b"), {0x03}).state == State::unknown);
        CHECK(crl::make_revocation_lookup(paths)->lookup(bytes("issuer-a"), {0x03}).state == State::revoked);
    }
}

TEST_SUITE("crl::MasterList") {
    TEST_CASE("two sorted runs are merged while publishing; republishing counts no change") {
        const core::StorePaths paths(test::case_dir("master-runs"));
        std::vector<crl::Entry> many;
        std::uint32_t x = 12345;
        for (int i = 0; i < 70000; ++i) {
            crl::Entry e{};
            for (int b = 4; b < 20; ++b) {
                x = x * 1103515245u + 12345u;
                e.serial[b] = static_cast<std::uint8_t>(x >> 16);
            }
            e.serial[4] |= 1;
            e.serial_len = 16;
            e.revoked_at = 86400u * 365 * 50 + static_cast<std::uint32_t>(i);
            many.push_back(e);
        }
        auto copy = many;
        crl::SourceEntries s = source("issuer-m", many);  // sorted in one run
        auto st = crl::publish_master(paths, "many", s, 0);
        CHECK(st.added_entries == 70000);
        s.split = crl::sort_entries_in_two_runs(copy);
        CHECK(s.split == 35000);
        s.entries = &copy;
        st = crl::publish_master(paths, "many", s, 0);
        CHECK(st.added_entries == 0);
        CHECK(st.removed_entries == 0);
        const crl::MasterList m(paths);
        REQUIRE(m.size() == 70000);
        bool ordered = true;
        for (std::uint64_t i = 1; i < m.size(); ++i) {
            ordered = ordered && !crl::entry_less(m.records()[i], m.records()[i - 1]);
        }
        CHECK(ordered);
    }
}
