// tests/unit/policies/test_role_scan.cpp — the fast verdict of a stored certificate (read from its DER by
// certs::scan_role) is Botan's verdict, word for word, for every certificate this repository and its shared
// data hold: tests/data, the fuzz seeds and regressions, the real certificates and the x509-limbo cases, each
// under every purpose and at the edges of its validity; then for one-byte corruptions of some of them, where
// the fast reader must decline or agree.
#include "policies/role_check.h"

#include "lib/certs/cert_role_scan.h"
#include "lib/certs/cert_scan.h"
#include "lib/certs/purpose.h"
#include "lib/core/pem_text.h"
#include "lib/storage/store.h"
#include "tests/unit/policies/source_root.h"
#include "tests/unit/test_dir.h"

#include <botan/hex.h>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

using namespace certctl;
namespace fs = std::filesystem;

namespace {
using Der = std::vector<std::uint8_t>;

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Every way a file may hold certificates: its bytes as they are (DER), each PEM block, each member the
// scanner finds (PKCS#7 bundles included).
void add_candidates(std::string_view bytes, std::set<Der>& out) {
    if (!bytes.empty()) {
        out.insert(Der(bytes.begin(), bytes.end()));
    }
    std::size_t pos = 0;
    core::PemBlockView block;
    while (core::next_pem_block(bytes, pos, block, core::PemEnd::any) == core::PemStep::block) {
        Der der;
        if (core::base64_decode_lenient(block.body, der) && !der.empty()) {
            out.insert(der);
        }
    }
    for (const certs::ScannedCert& c : certs::scan_bytes(bytes, false, true).certs) {
        out.insert(c.der);
    }
}

std::size_t add_tree(const fs::path& dir, std::set<Der>& out) {
    const std::size_t before = out.size();
    if (!fs::is_directory(dir)) {
        return 0;
    }
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (e.is_regular_file() && e.file_size() <= (1U << 20)) {
            add_candidates(slurp(e.path()), out);
        }
    }
    return out.size() - before;
}

// The PEMs of every x509-limbo case: trusted, intermediates and the peer.
std::size_t add_limbo(const fs::path& json_file, std::set<Der>& out) {
    const std::size_t before = out.size();
    if (!fs::is_regular_file(json_file)) {
        return 0;
    }
    const nlohmann::json limbo = nlohmann::json::parse(slurp(json_file));
    for (const auto& tc : limbo.at("testcases")) {
        for (const char* key : {"trusted_certs", "untrusted_intermediates"}) {
            for (const auto& pem : tc.value(key, nlohmann::json::array())) {
                add_candidates(pem.get<std::string>(), out);
            }
        }
        if (tc.contains("peer_certificate") && tc["peer_certificate"].is_string()) {
            add_candidates(tc["peer_certificate"].get<std::string>(), out);
        }
    }
    return out.size() - before;
}

// The shared data directory next to the checkout (the main checkout's sibling, or a worktree's uncle).
fs::path shared_data() {
    const fs::path root(CERTCTL_SOURCE_ROOT);
    for (const fs::path& p :
         {root.parent_path() / "shared" / "data", root.parent_path().parent_path() / "shared" / "data"}) {
        if (fs::is_directory(p)) {
            return p;
        }
    }
    return {};
}

struct Tally {
    std::size_t checked = 0;   // (certificate, purpose, moment) triples
    std::size_t answered = 0;  // of those, answered by the fast reader
    std::set<Der> answered_certs;
    std::vector<std::string> mismatches;
};

core::TimePoint at_seconds(std::int64_t s) {
    return core::TimePoint(std::chrono::seconds(s));
}

void compare(policies::BundleAnchors& anchors, const Der& der, const std::string& purpose, std::int64_t at,
             Tally& tally) {
    // system_clock counts nanoseconds in 64 bits: moments after 2262 cannot be asked about
    if (at < 0 || at > 9000000000LL) {
        return;
    }
    policies::InventoryRow row;
    row.name = "c";
    row.source = "imported";
    row.der = der;
    row.purpose = purpose;
    std::optional<std::string> fast;
    const bool answered = policies::invalid_reason_fast(row, der, at_seconds(at), fast);
    const std::optional<std::string> botan = policies::invalid_reason_botan(anchors, row, der, at_seconds(at));
    ++tally.checked;
    if (!answered) {
        return;
    }
    ++tally.answered;
    tally.answered_certs.insert(der);
    if (fast != botan && tally.mismatches.size() < 20) {
        tally.mismatches.push_back("purpose " + purpose + " at " + std::to_string(at) + ": fast '" +
                                   fast.value_or("(valid)") + "', Botan '" + botan.value_or("(valid)") + "' for " +
                                   Botan::hex_encode(der).substr(0, 120));
    }
}

// Every purpose (and one the table does not know) at a moment inside the certificate's dates, then the
// moments around each date.
void compare_all(policies::BundleAnchors& anchors, const Der& der, Tally& tally) {
    const auto scan = certs::scan_role(der.data(), der.size());
    std::vector<std::int64_t> edges = {1780000000};  // 2026-05-28
    if (scan) {
        edges = {scan->not_before + (scan->not_after - scan->not_before) / 2, scan->not_before - 1, scan->not_before,
                 scan->not_after, scan->not_after + 1};
    }
    std::vector<std::string> purposes = certs::purpose_names();
    purposes.push_back("not-a-purpose");
    for (const std::string& p : purposes) {
        compare(anchors, der, p, edges.front(), tally);
    }
    for (std::size_t i = 1; i < edges.size(); ++i) {
        compare(anchors, der, "tls-server", edges[i], tally);
    }
}

struct Store {
    core::StorePaths paths;
    core::FixedClock clock{core::TimePoint(std::chrono::seconds(1780000000))};
    std::unique_ptr<storage::Store> store;
    explicit Store(const std::string& label) : paths(test::case_dir(label) / "store") {
        store = storage::Store::open(paths, storage::Store::Access::write, core::Config());
    }
};

void report(const std::string& what, const Tally& t) {
    MESSAGE(what << ": " << t.checked << " verdicts compared, " << t.answered << " answered by the fast reader ("
                 << t.answered_certs.size() << " certificates)");
    for (const std::string& m : t.mismatches) {
        MESSAGE(m);
    }
}
}  // namespace

TEST_CASE("scan_role: the fast verdict is Botan's for every certificate the repository and its data hold") {
    const fs::path root(CERTCTL_SOURCE_ROOT);
    std::set<Der> ders;
    const std::size_t repo = add_tree(root / "tests" / "data", ders) +
                             add_tree(root / "tests" / "fuzz" / "seeds", ders) +
                             add_tree(root / "tests" / "fuzz" / "regressions", ders);
    REQUIRE(repo > 20);
    const fs::path shared = shared_data();
    const std::size_t real = shared.empty() ? 0 : add_tree(shared / "real", ders);
    const std::size_t limbo = shared.empty() ? 0 : add_limbo(shared / "x509-limbo" / "limbo-core.json", ders);
    MESSAGE("candidates: " << repo << " from the repository, " << real << " real, " << limbo << " from x509-limbo");

    Store s("role-scan-corpus");
    policies::BundleAnchors anchors(s.store->db(), s.clock);
    Tally tally;
    for (const Der& der : ders) {
        compare_all(anchors, der, tally);
    }
    report("corpus", tally);
    CHECK(tally.mismatches.empty());
    // the fast reader must carry the common certificates, or it saves nothing
    CHECK(tally.answered_certs.size() >= 20);
}

TEST_CASE("scan_role: one-byte corruptions of certificates it reads are declined or judged as Botan judges") {
    const fs::path root(CERTCTL_SOURCE_ROOT);
    std::set<Der> ders;
    add_tree(root / "tests" / "data", ders);
    add_tree(root / "tests" / "fuzz" / "seeds" / "cert_file", ders);
    // a few the fast reader answers for, of different shapes (the smallest of each size band)
    std::vector<Der> bases;
    std::set<std::size_t> bands;
    for (const Der& der : ders) {
        if (bases.size() < 8 && certs::scan_role(der.data(), der.size()) && bands.insert(der.size() / 64).second) {
            bases.push_back(der);
        }
    }
    REQUIRE(!bases.empty());
    Store s("role-scan-mutants");
    policies::BundleAnchors anchors(s.store->db(), s.clock);
    Tally tally;
    for (const Der& base : bases) {
        const auto scan = certs::scan_role(base.data(), base.size());
        const std::int64_t mid = scan->not_before + (scan->not_after - scan->not_before) / 2;
        for (std::size_t i = 0; i < base.size(); ++i) {
            for (const std::uint8_t flip : {0x01, 0x80}) {
                Der mutant = base;
                mutant[i] ^= flip;
                compare(anchors, mutant, "tls-server", mid, tally);
            }
        }
    }
    report("corruptions of " + std::to_string(bases.size()) + " certificates", tally);
    CHECK(tally.mismatches.empty());
}
