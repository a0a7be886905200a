// crl/generation.h — the published CRL state (the master list and every source's last good CRL) kept as one
// generation directory that a single rename switches, so a reader, and a store after a crash, sees the old
// state or the new one whole, never a new master list beside an old CRL.
//
// Layout (docs/crl.md): <store>/crl/gen/<n>/ holds master.idx and master.csv (or, published per source,
// index/NAME.idx), master-sources.csv and sources/; crl/current is a symlink to gen/<n>; crl/master.idx,
// master.csv, master-sources.csv, index and sources are symlinks through crl/current, so the paths readers and
// scripts open stay what they were.
#pragma once
#include "lib/core/store_paths.h"

#include <filesystem>
#include <string>

namespace certctl::crl {

// The next generation of <store>/crl, built beside the published one. Only one may be built at a time: the
// caller holds crl/refresh.lock (RefreshJob does). The constructor finishes what an interrupted run left (a
// half-built generation is removed, a store still in the layout without generations is converted), then
// links every published file into the new directory (hard links: nothing is copied). The caller replaces
// what changes inside dir(), each file by a rename there, so the published files are never touched.
// commit() switches crl/current to the new directory with one rename and removes the old one. Destroyed
// without commit(), the new directory is removed and nothing was published.
class Generation final {
public:
    explicit Generation(const core::StorePaths& paths);
    ~Generation();
    Generation(const Generation&) = delete;
    Generation& operator=(const Generation&) = delete;

    const std::filesystem::path& dir() const { return m_dir; }
    std::filesystem::path source_crl(const std::string& source) const;  // dir()/sources/NAME.crl
    void commit();

private:
    std::filesystem::path m_crl;       // <store>/crl
    std::filesystem::path m_previous;  // the published generation
    std::filesystem::path m_dir;       // the one being built
    bool m_committed = false;
};

}  // namespace certctl::crl
