// api/log_sync.cpp — one fsync at a time; the callers that arrive meanwhile share the next one.
#include "api/log_sync.h"

#include "lib/core/durable_write.h"

#include <fcntl.h>
#include <unistd.h>
#include <cerrno>

namespace certctl::api {

LogSync::LogSync(std::filesystem::path log, std::filesystem::path dir, Fsync fsync)
    : m_log(std::move(log)), m_dir(std::move(dir)), m_fsync(std::move(fsync)) {}

void LogSync::sync() {
    std::unique_lock<std::mutex> lock(m_mutex);
    const std::uint64_t mine = ++m_requested;
    while (m_synced < mine) {
        if (m_failed) {
            std::rethrow_exception(m_failed);
        }
        if (m_running) {
            m_done.wait(lock);
            continue;
        }
        // Every ticket handed out so far belongs to a commit that returned before this fsync starts.
        const std::uint64_t covers = m_requested;
        m_running = true;
        lock.unlock();
        try {
            sync_once();
        } catch (...) {
            lock.lock();
            m_failed = std::current_exception();
            m_running = false;
            m_done.notify_all();
            throw;
        }
        lock.lock();
        m_running = false;
        m_synced = covers;
        ++m_syncs;
        m_done.notify_all();
    }
}

std::uint64_t LogSync::syncs() const {
    const std::lock_guard<std::mutex> lock(m_mutex);
    return m_syncs;
}

std::uint64_t LogSync::calls() const {
    const std::lock_guard<std::mutex> lock(m_mutex);
    return m_requested;
}

void LogSync::sync_once() {
    // Opened for each sync rather than kept: a log deleted and made again by another process (one that
    // did not keep it) is the file SQLite writes now. fsync flushes the file's pages whichever descriptor
    // wrote them.
    const int fd = ::open(m_log.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) {
            return;  // no log: every commit was checkpointed into the database, which SQLite synced
        }
        core::throw_write_error(m_log, errno, "the commit is in the store's log but may not be on disk");
    }
    const int rc = m_fsync(fd);
    const int err = errno;
    ::close(fd);
    if (rc != 0) {
        core::throw_write_error(m_log, err, "the commit is in the store's log but may not be on disk");
    }
    if (!m_dir_synced) {
        core::sync_directory(m_dir);
        m_dir_synced = true;
    }
}

}  // namespace certctl::api
