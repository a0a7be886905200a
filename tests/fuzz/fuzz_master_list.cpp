// tests/fuzz/fuzz_master_list.cpp — the published master index (crl/master.idx) as the revocation lookup
// maps it: header, source table, records, then lookups by serial and issuer, and the text list `crl master`
// renders from it when master.csv is not published. The index is certctl's own
// file, but it sits in a store other users may have written, so a damaged one must be refused, not trusted.
#include "crl/master_list.h"
#include "tests/fuzz/fuzz_target.h"
#include "tests/fuzz/scratch_file.h"

using namespace certctl;

CERTCTL_FUZZ_TARGET(master_list) {
    const core::StorePaths paths(fuzz::scratch_dir() / "store");
    fuzz::write_scratch(crl::master_index_path(paths), data, size);
    const crl::MasterList list(paths);
    const std::vector<std::uint8_t> no_issuer;
    std::vector<crl::Entry> first;
    list.for_each([&](const crl::Entry& e) {
        if (first.size() < 64) {
            first.push_back(e);
        }
    });
    for (const crl::Entry& e : first) {
        for (const crl::Match& m : list.find(e)) {
            (void)m.source->name;
        }
        const std::vector<std::uint8_t> serial(e.serial, e.serial + crl::k_serial_bytes);
        (void)list.lookup(no_issuer, serial);
    }
    for (const crl::MasterSource& s : list.sources()) {
        (void)s.issuer_dn.size();
    }
    crl::Entry key{};
    key.serial[crl::k_serial_bytes - 1] = 1;
    (void)list.find(key);
    std::size_t text = 0;
    crl::render_master_csv(list, [&](std::string_view piece) { text += piece.size(); });
}
