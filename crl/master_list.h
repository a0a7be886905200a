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

class MasterList final : public certs::RevocationLookup {
public:
    // Opens the published index; an absent index is an empty list (no CRL data yet). A damaged index
    // throws Error(bad_input) naming it.
    explicit MasterList(const core::StorePaths& paths);
    ~MasterList() override;

    bool present() const { return m_map != nullptr; }
    std::uint64_t size() const { return m_count; }
    const std::vector<MasterSource>& sources() const { return m_sources; }
    const Entry* records() const { return m_records; }

    // Every entry with this serial (any issuer), in source order.
    std::vector<Match> find(const Entry& serial) const;

    // certs::RevocationLookup: revoked when a source whose CRL issuer is `issuer_der` lists `serial`;
    // good when such a source exists and does not; unknown when no source covers that issuer.
    certs::RevocationStatus lookup(const std::vector<std::uint8_t>& issuer_der,
                                   const std::vector<std::uint8_t>& serial) const override;

private:
    std::unique_ptr<MappedFile> m_map;
    std::vector<MasterSource> m_sources;
    const Entry* m_records = nullptr;
    std::uint64_t m_count = 0;
};

// master.csv rendered from the index, byte for byte what publishing writes, in pieces of about 1 MiB handed
// to `sink` in order: what `crl master` prints when the text list is not published (MasterCsv::on_demand).
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

// Whether a publish writes the text list master.csv beside the index (crl.master_csv = publish, the default)
// or leaves it to `crl master` (on-demand): a 10M-entry list's text is 1.7x its CRL's size on disk and a
// third of a large publish's time, which an operator whose readers use the index can choose not to pay.
enum class MasterCsv { publish, on_demand };

struct SourceEntries {
    std::string issuer_dn;
    std::array<std::uint8_t, 32> issuer_sha256{};
    std::vector<Entry>* entries;  // `source` fields are overwritten
    // entries[0, split) and entries[split, size) are each sorted (sort_entries_in_two_runs); size = one run
    std::size_t split = 0;
};

// Replaces `source`'s entries in the master list with `replacement` (or removes the source when nullopt),
// writing master.idx, master-sources.csv and (MasterCsv::publish) master.csv into the generation directory
// `into` (crl::Generation) that the caller commits; with MasterCsv::on_demand, a master.csv linked there from
// the previous generation is removed, so no stale text list stays published. Other sources' entries are
// carried over from the published index. Throws core::Error(cannot_write) when the store cannot be written.
PublishStats publish_master(const core::StorePaths& paths, const std::filesystem::path& into,
                            const std::string& source, const std::optional<SourceEntries>& replacement,
                            std::int64_t now, MasterCsv csv);
// The same in a generation of its own, committed: for a change of the master list alone.
PublishStats publish_master(const core::StorePaths& paths, const std::string& source,
                            const std::optional<SourceEntries>& replacement, std::int64_t now,
                            MasterCsv csv = MasterCsv::publish);

}  // namespace certctl::crl
