// api/store_pool.h — opened stores (one SQLite connection each) lent to requests, so a request neither
// opens the database nor shares a connection with another thread; and the group commit of what they wrote.
#pragma once
#include "api/log_sync.h"
#include "lib/core/config.h"
#include "lib/core/store_paths.h"
#include "lib/storage/store.h"

#include <memory>
#include <mutex>
#include <vector>

namespace certctl::api {

class StorePool final {
public:
    // `wait`: how long a write waits for a busy store before Error(locked) (the API answers 503).
    StorePool(core::StorePaths paths, core::Config config, core::Seconds wait);

    class Lease final {
    public:
        Lease(StorePool& pool, std::unique_ptr<storage::Store> store);
        ~Lease();
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        storage::Store& operator*() { return *m_store; }
        storage::Store* operator->() { return m_store.get(); }

    private:
        StorePool& m_pool;
        std::unique_ptr<storage::Store> m_store;
        int m_changes_before;
    };

    // A lent store commits without syncing the log (synchronous=NORMAL; see LogSync): whoever answers a
    // request calls this first. It returns once whatever this thread's leases committed is on disk (one
    // fsync shared with the other threads' commits meanwhile), at once when they committed nothing. Throws
    // Error(cannot_write) when the fsync fails, and from then on for every commit: after a failed fsync the
    // kernel may have dropped the pages, and a later fsync that succeeds would not bring them back.
    void make_commits_durable();
    std::uint64_t log_syncs() const { return m_log_sync.syncs(); }  // fsyncs of the log so far (tests)
    Lease lease();
    const core::Config& config() const { return m_config; }
    const core::StorePaths& paths() const { return m_paths; }

private:
    void give_back(std::unique_ptr<storage::Store> store);

    core::StorePaths m_paths;
    core::Config m_config;
    core::Seconds m_wait;
    std::mutex m_mutex;
    std::vector<std::unique_ptr<storage::Store>> m_idle;
    LogSync m_log_sync;
};

}  // namespace certctl::api
