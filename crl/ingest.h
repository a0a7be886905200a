// crl/ingest.h — take one CRL file for a source: parse, verify, keep as last good, publish the master list.
#pragma once
#include "crl/crl_verifier.h"
#include "crl/master_list.h"
#include "crl/source_store.h"
#include "lib/core/store_paths.h"

#include <filesystem>
#include <optional>
#include <string>

namespace certctl::crl {

// <store>/crl/sources/NAME.crl: the last good CRL of a source, as it was fetched (DER or PEM).
std::filesystem::path cache_path(const core::StorePaths& paths, const std::string& source);
// <store>/crl/tmp/: downloads in progress (same filesystem as the cache, so keeping one is a rename).
std::filesystem::path temp_dir(const core::StorePaths& paths);

struct IngestResult {
    bool accepted = false;
    bool stale = false;           // accepted although its nextUpdate has passed
    std::string error;            // why refused (parse or verification)
    std::string issuer_dn;
    std::string crl_number_hex;
    std::optional<std::int64_t> this_update;
    std::optional<std::int64_t> next_update;
    std::uint64_t size = 0;
    PublishStats stats;
};

struct IngestOptions {
    VerifyPolicy policy;
    std::uint64_t max_size = 256ULL << 20;
    bool move_into_cache = false;  // the file is our download: rename it instead of copying
    MasterLayout master_layout = MasterLayout::publish;  // crl.master_list
};

// Never throws for a bad CRL (IngestResult::error); throws core::Error for store problems (cannot write).
// Nothing on disk changes unless the CRL is accepted; then the cache and the master list are replaced,
// each atomically. The caller records the outcome in the database (crl_sources, audit, counters, alarm).
IngestResult ingest_crl_file(const core::StorePaths& paths, const Source& source,
                             const std::vector<Botan::X509_Certificate>& issuers, const std::filesystem::path& file,
                             const IngestOptions& options);

// LastGood from a source row.
std::optional<LastGood> last_good_of(const Source& s);

}  // namespace certctl::crl
