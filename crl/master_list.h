// crl/master_list.h — the published master list of revoked certificates over every CRL source, and the
// memory-mapped index that answers lookups by binary search without parsing any CRL.
#pragma once
#include "crl/crl_parser.h"
#include "crl/mapped_file.h"
#include "lib/certs/revocation_lookup.h"
#include "lib/core/store_paths.h"

#include <array>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace certctl::crl {

// Files in <store>/crl/ (format: docs/crl.md).
std::filesystem::path master_index_path(const core::StorePaths& paths);    // master.idx (binary, sorted)
std::filesystem::path master_csv_path(const core::StorePaths& paths);      // master.csv
std::filesystem::path master_sources_path(const core::StorePaths& paths);  // master-sources.csv

struct MasterSource {
    std::string name;
    std::string issuer_dn;                 // slash form
    std::array<std::uint8_t, 32> issuer_sha256{};  // SHA-256 of the issuer Name DER
    std::uint64_t entries = 0;
};

struct Match {
    const MasterSource* source;
    Entry entry;
};

// The list as published: one merged index (crl/master.idx, crl.master_list = publish) or one index per
// source (crl/index/NAME.idx, on-demand), each in the same format (docs/crl.md). Readers see one list either
// way, its sources in name order and numbered so.
class MasterList final : public certs::RevocationLookup {
public:
    // Opens the published index or indexes, all of one generation; nothing published is an empty list (no
    // CRL data yet). A damaged index throws Error(bad_input) naming it.
    explicit MasterList(const core::StorePaths& paths);
    ~MasterList() override;

    bool present() const { return m_present; }
    bool per_source() const { return m_per_source; }  // published as one index per source
    std::uint64_t size() const { return m_count; }
    const std::vector<MasterSource>& sources() const { return m_sources; }

    // Every entry in serial order, then source order, `source` numbering sources(): what the merged index
    // holds, and a merge of the per-source indexes when published so.
    void for_each(const std::function<void(const Entry&)>& fn) const;
    // The entries of source number `source`, in serial order.
    void for_each_of(std::uint16_t source, const std::function<void(const Entry&)>& fn) const;
    // The whole list as one array in for_each's order, `count` entries: the mapped merged index itself, or
    // the per-source indexes merged into `storage` (without a damaged index's records that name no source).
    const Entry* sorted(std::vector<Entry>& storage, std::uint64_t& count) const;

    // Every entry with this serial (any issuer), in source order.
    std::vector<Match> find(const Entry& serial) const;

    // certs::RevocationLookup: revoked when a source whose CRL issuer is `issuer_der` lists `serial`;
    // good when such a source exists and does not; unknown when no source covers that issuer.
    certs::RevocationStatus lookup(const std::vector<std::uint8_t>& issuer_der,
                                   const std::vector<std::uint8_t>& serial) const override;

private:
    // One index file: its records number their sources from 0; they are sources first..first+count-1 here.
    struct Part {
        std::unique_ptr<MappedFile> map;
        const Entry* records = nullptr;
        std::uint64_t count = 0;
        std::uint16_t first_source = 0;
        std::uint16_t sources = 0;
    };
    void open(const core::StorePaths& paths);
    void add_part(const std::filesystem::path& path);
    // The record with its source numbered in the whole list; false for a damaged one naming no source.
    static bool global(const Part& part, const Entry& e, Entry& out);

    std::vector<Part> m_parts;
    std::vector<MasterSource> m_sources;
    std::uint64_t m_count = 0;
    bool m_present = false;
    bool m_per_source = false;
};

// master.csv rendered from the index, byte for byte what publishing writes, in pieces of about 1 MiB handed
// to `sink` in order: what `crl master` prints when the text list is not published (MasterLayout::on_demand).
void render_master_csv(const MasterList& list, const std::function<void(std::string_view)>& sink);

// The factory cli/ calls for `cert import` / `cert verify`.
std::unique_ptr<certs::RevocationLookup> make_revocation_lookup(const core::StorePaths& paths);

// What publishing changed for the source that was replaced.
struct PublishStats {
    std::uint64_t total_entries = 0;    // in the whole master list
    std::uint64_t source_entries = 0;   // of this source
    std::uint64_t added_entries = 0;    // serials new for this source
    std::uint64_t removed_entries = 0;  // serials this source no longer lists
};

// How a change is published (crl.master_list). publish, the default: the merged index master.idx and its
// text master.csv, both rewritten whole after every change. on_demand: one index per source
// (index/NAME.idx), so a change writes only the source that changed, and no text, which `crl master` renders
// when asked: a 10M-entry list's text is 1.7x its CRL on disk, and rewriting 20 sources' merged list to
// change one costs 20 times that source's import.
enum class MasterLayout { publish, on_demand };

struct SourceEntries {
    std::string issuer_dn;
    std::array<std::uint8_t, 32> issuer_sha256{};
    std::vector<Entry>* entries;  // `source` fields are overwritten
    // entries[0, split) and entries[split, size) are each sorted (sort_entries_in_two_runs); size = one run
    std::size_t split = 0;
};

// Replaces `source`'s entries in the master list with `replacement` (or removes the source when nullopt),
// into the generation directory `into` (crl::Generation) that the caller commits, laid out as `layout` asks:
// master.idx and master.csv, or index/NAME.idx of the replaced source (the others stay hard links, or are
// split out of a merged index once when the layout changes). Files of the other layout that the generation
// linked from the previous one are removed. master-sources.csv is written either way. Other sources' entries
// are carried over from the published list. Throws core::Error(cannot_write) when the store cannot be
// written.
PublishStats publish_master(const core::StorePaths& paths, const std::filesystem::path& into,
                            const std::string& source, const std::optional<SourceEntries>& replacement,
                            std::int64_t now, MasterLayout layout);
// The same in a generation of its own, committed: for a change of the master list alone.
PublishStats publish_master(const core::StorePaths& paths, const std::string& source,
                            const std::optional<SourceEntries>& replacement, std::int64_t now,
                            MasterLayout layout = MasterLayout::publish);

}  // namespace certctl::crl
