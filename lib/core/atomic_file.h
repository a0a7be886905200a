// lib/core/atomic_file.h — write a file whole or not at all: temp file, fsync, rename, fsync directory.
#pragma once
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>

namespace certctl::core {

class AtomicFile final {
public:
    enum class Replace { allow, refuse };

    // Creates the temporary next to `target` with O_CREAT|O_EXCL and `mode` from byte one (umask can only
    // narrow it). Throws Error(cannot_write / permission).
    AtomicFile(std::filesystem::path target, unsigned mode, Replace replace = Replace::allow);
    ~AtomicFile();  // never commits: an unfinished write leaves the old file as it was
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    void write(const void* data, std::size_t size);
    void write(const std::string& data) { write(data.data(), data.size()); }
    // Writes at `offset` (pwrite) instead of at the end: a file filled by several threads at once, each
    // its own range. Concurrent calls are safe for ranges that do not overlap.
    void write_at(std::uint64_t offset, const void* data, std::size_t size);
    // Starts writing what was written so far to disk without waiting (sync_file_range): a big file written
    // in slices then leaves little for the final fsync. A hint; errors surface at sync()/commit().
    void start_writeback();
    void start_writeback(std::uint64_t offset, std::uint64_t length);  // of one range written by write_at
    // Makes what was written so far durable now (fsync), so that commit() need not wait for it: a writer
    // of several files can flush one while it still writes another.
    void sync();
    // fsync (unless sync() came after the last write), then rename (or, with Replace::refuse, link so an
    // existing target is never overwritten: Error(usage) "already exists"), then fsync the directory.
    void commit();
    // commit() without the directory's fsync, which the caller then does itself (core::sync_directory):
    // a writer holding a lock (a database write transaction) publishes under it and waits for the disk
    // after releasing it, so that other writers do not queue behind its fsyncs.
    void commit_leaving_directory_sync();
    // The temporary's path, for a writer that fills it through a library of its own (SQLite builds a new
    // store's database there) before commit() publishes it.
    const std::filesystem::path& temp() const { return m_temp; }

private:
    std::filesystem::path m_target;
    std::filesystem::path m_temp;
    Replace m_replace;
    int m_fd = -1;
    bool m_committed = false;
    std::atomic<bool> m_synced{false};  // write_at may come from several threads at once
};

// One call for the common case.
void write_file_atomic(const std::filesystem::path& target, const std::string& data, unsigned mode = 0644);

}  // namespace certctl::core
