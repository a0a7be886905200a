// tests/unit/crl/test_master_list.cpp — merge, diff, remove and lookup over two sources.
#include "crl/master_list.h"
#include "lib/core/store_paths.h"
#include "tests/unit/test_dir.h"

#include <algorithm>
#include <botan/hash.h>
#include <cstring>
#include <ctime>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <string_view>

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
std::vector<crl::Entry> entries_of(const crl::MasterList& m) {
    std::vector<crl::Entry> out;
    m.for_each([&](const crl::Entry& e) { out.push_back(e); });
    return out;
}
bool ordered(const std::vector<crl::Entry>& v) {
    for (std::size_t i = 1; i < v.size(); ++i) {
        if (crl::entry_less(v[i], v[i - 1])) {
            return false;
        }
    }
    return true;
}
const crl::MasterLayout k_layouts[] = {crl::MasterLayout::publish, crl::MasterLayout::on_demand};
}  // namespace

TEST_SUITE("crl::MasterList") {
    // Both layouts: one merged index, or one index per source merged by the reader.
    TEST_CASE("publish, merge two sources, diff, lookup, remove") {
        for (const crl::MasterLayout layout : k_layouts) {
            const bool per_source = layout == crl::MasterLayout::on_demand;
            CAPTURE(per_source);
            const core::StorePaths paths(test::case_dir(per_source ? "master-per-source" : "master"));
            CHECK_FALSE(crl::MasterList(paths).present());
            std::vector<crl::Entry> a = {entry("03", 100, 1), entry("01", 100, 0), entry("0a", 100, 4)};
            auto st = crl::publish_master(paths, "alpha", source("issuer-a", a), 1000, layout);
            CHECK(st.added_entries == 3);
            CHECK(st.total_entries == 3);
            std::vector<crl::Entry> b = {entry("03", 200, 2), entry("02", 200, 0)};
            st = crl::publish_master(paths, "beta", source("issuer-b", b), 1000, layout);
            CHECK(st.total_entries == 5);
            std::vector<crl::Entry> a2 = {entry("03", 100, 1), entry("0b", 300, 1)};
            st = crl::publish_master(paths, "alpha", source("issuer-a", a2), 1000, layout);
            CHECK(st.added_entries == 1);
            CHECK(st.removed_entries == 2);
            CHECK(st.total_entries == 4);

            const crl::MasterList m(paths);
            REQUIRE(m.present());
            CHECK(m.per_source() == per_source);
            CHECK(m.size() == 4);
            REQUIRE(m.sources().size() == 2);
            const std::vector<crl::Entry> all = entries_of(m);
            CHECK(all.size() == 4);
            CHECK(ordered(all));
            crl::Entry key{};
            crl::parse_serial("03", key);
            const auto both = m.find(key);
            REQUIRE(both.size() == 2);
            CHECK(both[0].source->name == "alpha");
            CHECK(both[1].source->name == "beta");
            std::vector<std::string> of_beta;
            m.for_each_of(1, [&](const crl::Entry& e) { of_beta.push_back(crl::serial_hex(e)); });
            CHECK(of_beta == std::vector<std::string>{"02", "03"});
            using State = certs::RevocationStatus::State;
            const auto r = m.lookup(bytes("issuer-b"), {0x03});
            CHECK(r.state == State::revoked);
            CHECK(r.reason == "cACompromise");
            CHECK(r.source == "beta");
            CHECK(m.lookup(bytes("issuer-b"), {0x0b}).state == State::good);
            CHECK(m.lookup(bytes("issuer-a"), {0x00, 0x0b}).state == State::revoked);
            CHECK(m.lookup(bytes("issuer-z"), {0x0b}).state == State::unknown);

            crl::publish_master(paths, "beta", std::nullopt, 1000, layout);
            const crl::MasterList after(paths);
            CHECK(after.size() == 2);
            CHECK(after.lookup(bytes("issuer-b"), {0x03}).state == State::unknown);
            CHECK(crl::make_revocation_lookup(paths)->lookup(bytes("issuer-a"), {0x03}).state == State::revoked);
        }
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
        for (const crl::MasterLayout layout : k_layouts) {
            const core::StorePaths store(test::case_dir(layout == crl::MasterLayout::publish ? "runs-merged"
                                                                                            : "runs-per-source"));
            auto one = many;
            auto copy = many;
            crl::SourceEntries s = source("issuer-m", one);  // sorted in one run
            auto st = crl::publish_master(store, "many", s, 0, layout);
            CHECK(st.added_entries == 70000);
            s.split = crl::sort_entries_in_two_runs(copy);
            CHECK(s.split == 35000);
            s.entries = &copy;
            st = crl::publish_master(store, "many", s, 0, layout);
            CHECK(st.added_entries == 0);
            CHECK(st.removed_entries == 0);
            const crl::MasterList m(store);
            REQUIRE(m.size() == 70000);
            CHECK(ordered(entries_of(m)));
        }
    }
}

namespace {
// Random entries with distinct serials of 1 to 20 significant bytes; `shared` of them are copied from `from`.
std::vector<crl::Entry> random_entries(std::size_t n, std::uint64_t seed, const std::vector<crl::Entry>& from = {},
                                       std::size_t shared = 0) {
    std::uint64_t x = seed;
    const auto next = [&x] {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return x;
    };
    std::vector<crl::Entry> out(from.begin(), from.begin() + static_cast<std::ptrdiff_t>(shared));
    std::set<std::string> seen;
    for (const crl::Entry& e : from) {  // new serials are new to `from` too
        seen.emplace(reinterpret_cast<const char*>(e.serial), crl::k_serial_bytes);
    }
    while (out.size() < n) {
        crl::Entry e{};
        e.serial_len = static_cast<std::uint8_t>(1 + next() % 20);
        for (std::size_t b = crl::k_serial_bytes - e.serial_len; b < crl::k_serial_bytes; ++b) {
            e.serial[b] = static_cast<std::uint8_t>(next());
        }
        e.serial[crl::k_serial_bytes - e.serial_len] |= 1;  // significant: no leading zero byte
        e.revoked_at = static_cast<std::uint32_t>(next());
        e.reason = static_cast<std::uint8_t>(next() % 12);
        if (seen.emplace(reinterpret_cast<const char*>(e.serial), crl::k_serial_bytes).second) {
            out.push_back(e);
        }
    }
    return out;
}

// The master list as it must come out, computed the plain way: every entry under its name, sorted.
struct Expected {
    std::vector<crl::Entry> records;
    std::string csv;
};
Expected expected(const std::vector<std::pair<std::string, const std::vector<crl::Entry>*>>& sources) {
    Expected ex;
    std::vector<std::string> names;
    for (const auto& [name, entries] : sources) {  // given in name order, as the list numbers them
        for (crl::Entry e : *entries) {
            e.source = static_cast<std::uint16_t>(names.size());
            ex.records.push_back(e);
        }
        names.push_back(name);
    }
    std::sort(ex.records.begin(), ex.records.end(), crl::entry_less);
    ex.csv = "source,serial,revocation_date,reason\n";
    for (const crl::Entry& e : ex.records) {
        char hex[3];
        std::string serial;
        for (std::size_t b = crl::k_serial_bytes - std::max<std::size_t>(e.serial_len, 1); b < crl::k_serial_bytes; ++b) {
            std::snprintf(hex, sizeof hex, "%02x", e.serial[b]);
            serial += hex;
        }
        const std::time_t t = e.revoked_at;
        std::tm tm{};
        ::gmtime_r(&t, &tm);
        char date[32];
        std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
        ex.csv += names[e.source] + "," + serial + "," + date + "," + crl::reason_name(e.reason) + "\n";
    }
    return ex;
}

// What `crl master` prints when master.csv is not published: the same bytes, from the index.
void check_rendered(const crl::MasterList& m, const Expected& ex) {
    std::string rendered;
    std::vector<std::size_t> pieces;
    crl::render_master_csv(m, [&](std::string_view piece) {
        rendered += piece;
        pieces.push_back(piece.size());
    });
    CHECK(rendered == ex.csv);
    REQUIRE_FALSE(pieces.empty());
    for (std::size_t i = 0; i + 1 < pieces.size(); ++i) {  // 1 MiB and the row that crossed it; the last short
        CHECK(pieces[i] >= (1u << 20));
        CHECK(pieces[i] < (1u << 20) + 192);
    }
    CHECK(pieces.back() < (1u << 20));
}

// Published per source: index/NAME.idx for each source and no merged file, read back as the one list.
void check_per_source(const core::StorePaths& paths, const Expected& ex, const std::vector<std::string>& names) {
    const crl::MasterList m(paths);
    CHECK(m.per_source());
    REQUIRE(m.size() == ex.records.size());
    const std::vector<crl::Entry> all = entries_of(m);
    CHECK(std::memcmp(all.data(), ex.records.data(), ex.records.size() * sizeof(crl::Entry)) == 0);
    std::error_code ec;
    CHECK_FALSE(std::filesystem::exists(crl::master_csv_path(paths), ec));
    CHECK_FALSE(std::filesystem::exists(crl::master_index_path(paths), ec));
    std::vector<std::string> files;
    for (const auto& f : std::filesystem::directory_iterator(paths.crl_dir() / "index")) {
        files.push_back(f.path().filename().string());
    }
    std::sort(files.begin(), files.end());
    std::vector<std::string> want;
    for (const std::string& n : names) {
        want.push_back(n + ".idx");
    }
    CHECK(files == want);
    check_rendered(m, ex);
}

void check_published(const core::StorePaths& paths, const Expected& ex) {
    const crl::MasterList m(paths);
    CHECK_FALSE(m.per_source());
    REQUIRE(m.size() == ex.records.size());
    const std::vector<crl::Entry> all = entries_of(m);
    CHECK(std::memcmp(all.data(), ex.records.data(), ex.records.size() * sizeof(crl::Entry)) == 0);
    std::error_code ec;
    CHECK(std::filesystem::is_empty(paths.crl_dir() / "index", ec));
    std::ifstream in(crl::master_csv_path(paths), std::ios::binary);
    const std::string csv((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(csv.size() == ex.csv.size());
    CHECK(csv == ex.csv);
    check_rendered(m, ex);
}
}  // namespace

TEST_SUITE("crl::MasterList") {
    // Past 65,536 entries in its longest run a list is written in slices, on every core, each at an offset
    // planned from its rows' lengths: the files must be the bytes of the plain merge whatever the cut.
    TEST_CASE("a list written in slices is the plain merge: shared serials, two runs, a changed and a removed source") {
        const core::StorePaths paths(test::case_dir("master-slices"));
        std::vector<crl::Entry> alpha = random_entries(200000, 1);
        std::vector<crl::Entry> beta = random_entries(150000, 2, alpha, 20000);  // 20,000 serials in both
        const auto alpha_kept = alpha;
        const auto beta_kept = beta;

        auto st = crl::publish_master(paths, "alpha", source("issuer-a", alpha), 0);
        CHECK(st.added_entries == 200000);
        check_published(paths, expected({{"alpha", &alpha_kept}}));

        crl::SourceEntries b = source("issuer-b", beta);
        std::shuffle(beta.begin(), beta.end(), std::mt19937(7));
        b.split = crl::sort_entries_in_two_runs(beta);
        REQUIRE(b.split < beta.size());
        st = crl::publish_master(paths, "beta", b, 0);
        CHECK(st.total_entries == 350000);
        check_published(paths, expected({{"alpha", &alpha_kept}, {"beta", &beta_kept}}));

        // alpha changes: 100,000 of its serials stay, 50,000 are new.
        std::vector<crl::Entry> alpha2 = random_entries(150000, 3, alpha_kept, 100000);
        const auto alpha2_kept = alpha2;
        st = crl::publish_master(paths, "alpha", source("issuer-a", alpha2), 0);
        CHECK(st.added_entries == 50000);
        CHECK(st.removed_entries == 100000);
        CHECK(st.source_entries == 150000);
        CHECK(st.total_entries == 300000);
        check_published(paths, expected({{"alpha", &alpha2_kept}, {"beta", &beta_kept}}));

        st = crl::publish_master(paths, "alpha", std::nullopt, 0);
        CHECK(st.total_entries == 150000);
        check_published(paths, expected({{"beta", &beta_kept}}));
    }

    // crl.master_list = on-demand: one index per source, a merged one split once when the layout changes,
    // the text rendered from them what publishing merged would have written; switching back merges them again.
    TEST_CASE("per-source indexes: split from a merged list, changed one source at a time, merged again") {
        const core::StorePaths paths(test::case_dir("master-on-demand"));
        std::vector<crl::Entry> alpha = random_entries(120000, 4);
        std::vector<crl::Entry> beta = random_entries(90000, 5, alpha, 10000);
        std::vector<crl::Entry> gamma = random_entries(30000, 6, beta, 3000);
        const auto alpha_kept = alpha;
        const auto beta_kept = beta;
        const auto gamma_kept = gamma;
        const auto on_demand = crl::MasterLayout::on_demand;
        crl::publish_master(paths, "alpha", source("issuer-a", alpha), 0);
        crl::publish_master(paths, "gamma", source("issuer-g", gamma), 0);
        check_published(paths, expected({{"alpha", &alpha_kept}, {"gamma", &gamma_kept}}));

        auto st = crl::publish_master(paths, "beta", source("issuer-b", beta), 0, on_demand);
        CHECK(st.total_entries == 240000);
        CHECK(st.added_entries == 90000);
        check_per_source(paths, expected({{"alpha", &alpha_kept}, {"beta", &beta_kept}, {"gamma", &gamma_kept}}),
                         {"alpha", "beta", "gamma"});

        // beta changes: 60,000 of its serials stay, 20,000 are new (two runs, as a parsed CRL gives them).
        std::vector<crl::Entry> beta2 = random_entries(80000, 7, beta_kept, 60000);
        const auto beta2_kept = beta2;
        crl::SourceEntries b2 = source("issuer-b", beta2);
        std::shuffle(beta2.begin(), beta2.end(), std::mt19937(8));
        b2.split = crl::sort_entries_in_two_runs(beta2);
        st = crl::publish_master(paths, "beta", b2, 0, on_demand);
        CHECK(st.added_entries == 20000);
        CHECK(st.removed_entries == 30000);
        CHECK(st.source_entries == 80000);
        CHECK(st.total_entries == 230000);
        check_per_source(paths, expected({{"alpha", &alpha_kept}, {"beta", &beta2_kept}, {"gamma", &gamma_kept}}),
                         {"alpha", "beta", "gamma"});

        st = crl::publish_master(paths, "alpha", std::nullopt, 0, on_demand);
        CHECK(st.total_entries == 110000);
        CHECK(st.removed_entries == 120000);
        check_per_source(paths, expected({{"beta", &beta2_kept}, {"gamma", &gamma_kept}}), {"beta", "gamma"});

        alpha = alpha_kept;
        st = crl::publish_master(paths, "alpha", source("issuer-a", alpha), 0);
        CHECK(st.added_entries == 120000);
        check_published(paths, expected({{"alpha", &alpha_kept}, {"beta", &beta2_kept}, {"gamma", &gamma_kept}}));
    }
}
