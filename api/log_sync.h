// api/log_sync.h — group commit for certctl-serve: the SQLite log of the store is fsynced once for every
// commit made meanwhile, outside SQLite's write lock, instead of once per commit under it.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <functional>
#include <mutex>

#include <unistd.h>

namespace certctl::api {

// Why: with synchronous=FULL each request's commit holds the store's write lock through its own fsync of
// the log, so concurrent writers queue behind one fsync each (REST CSR route: 781 -> 540 req/s). The pool's
// connections commit with synchronous=NORMAL instead (the log is written, not synced) and each request that
// committed calls sync() before it is answered: one fsync of the log covers every commit made before it
// started, and callers that arrive while one runs share the next. A commit is on disk before its answer is
// sent, as with FULL; what it no longer does is hold the lock while it waits.
class LogSync final {
public:
    // `log`: the store's certctl.db-wal; `dir`: the store directory (synced at the first sync, which makes a
    // log this process created itself durable: SQLite syncs it only at its own first sync of the log).
    // `fsync`: how a descriptor is synced; ::fsync unless a test holds it to make callers overlap for sure.
    using Fsync = std::function<int(int)>;
    LogSync(std::filesystem::path log, std::filesystem::path dir, Fsync fsync = ::fsync);
    LogSync(const LogSync&) = delete;
    LogSync& operator=(const LogSync&) = delete;

    // Returns once every commit this thread made before the call is on disk. Throws Error(cannot_write)
    // naming the log when the fsync fails, and the same error from then on (see StorePool).
    void sync();
    // fsyncs done so far (for tests: fewer than the callers when they overlap).
    std::uint64_t syncs() const;
    // Calls to sync() so far, returned or not (for tests: how many callers are waiting).
    std::uint64_t calls() const;

private:
    void sync_once();

    const std::filesystem::path m_log;
    const std::filesystem::path m_dir;
    const Fsync m_fsync;
    mutable std::mutex m_mutex;
    std::condition_variable m_done;
    std::uint64_t m_requested = 0;  // tickets handed out, one per call
    std::uint64_t m_synced = 0;     // every ticket up to this one is covered by a finished fsync
    std::uint64_t m_syncs = 0;
    bool m_running = false;
    bool m_dir_synced = false;
    std::exception_ptr m_failed;
};

}  // namespace certctl::api
