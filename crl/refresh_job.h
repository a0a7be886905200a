// crl/refresh_job.h — one refresh pass over the CRL sources: used by `crl refresh` (cron), `crl import`
// and the `watch` service. Fetch, verify, keep last good, publish, then record state, audit, counters and
// the source's alarm in one transaction.
#pragma once
#include "lib/core/clock.h"
#include "lib/storage/store.h"

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace certctl::crl {

struct SourceResult {
    enum class Status { updated, unchanged, failed } status = Status::failed;
    std::string name;
    std::string url;
    bool stale = false;            // the CRL now in use is past its nextUpdate (alarm raised)
    std::string error;             // when failed
    std::uint64_t size = 0;        // bytes of the fetched CRL (0 when unchanged)
    std::uint64_t entries = 0;     // revoked certificates in this source's CRL
    std::uint64_t added = 0;
    std::uint64_t removed = 0;
    std::uint64_t master_entries = 0;
    core::TimePoint next_attempt;  // polling interval after success, backoff interval after failure
};
const char* status_name(SourceResult::Status s);  // "updated", "unchanged", "failed"

struct RefreshReport {
    std::vector<SourceResult> results;    // the sources that ran, by name
    std::optional<core::TimePoint> next_due;  // earliest next_attempt over all sources (none: no sources)
    bool any_failed() const;
};

class RefreshJob final {
public:
    RefreshJob(storage::Store& store, const core::Clock& clock);

    // Runs the sources in `names` (all when empty) that are due at clock.now(), or all of them with `force`.
    // Holds <store>/crl/refresh.lock for the pass: waits up to `lock_wait` for another run, then throws
    // Error(locked). An unknown name is Error(not_found) before anything runs. A failing source is a result,
    // not an exception; store write problems throw.
    RefreshReport run(const std::vector<std::string>& names, bool force,
                      std::chrono::milliseconds lock_wait = std::chrono::seconds(5));

    // `crl import NAME FILE`: ingest FILE for source NAME as if it had been fetched (audited as forced).
    SourceResult import_file(const std::string& name, const std::filesystem::path& file,
                             std::chrono::milliseconds lock_wait = std::chrono::seconds(5));

    // `crl remove NAME`: drops the source, its last good CRL, its alarm, and its entries from the master list.
    void remove_source(const std::string& name, std::chrono::milliseconds lock_wait = std::chrono::seconds(5));

    // The earliest next_attempt over all sources (what `watch` sleeps until).
    std::optional<core::TimePoint> next_due();

private:
    storage::Store& m_store;
    const core::Clock& m_clock;
};

}  // namespace certctl::crl
