// lib/ca/batch_files.h — many small files written all-or-nothing with one flush to disk.
// core::AtomicFile fsyncs each file and its directory: right for one key, but for a thousand issued
// certificates the fsyncs cost more than the signatures. Here every file goes to a temporary name,
// one syncfs() makes them all durable, and only then are they renamed into place. When all of them go
// into one directory that does not exist yet, they are written into a temporary sibling directory that
// is renamed into place whole: one rename instead of one per file, and the directory appears complete.
// Temporaries are named TARGET.tmp.<pid>.<random>: SIGINT or SIGTERM removes them on the way out
// (core::InterruptCleanup), and a later batch into the same place removes those whose process is gone.
#pragma once
#include "lib/ca/parallel.h"
#include "lib/core/interrupt_cleanup.h"

#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace certctl::ca {

class BatchFiles final : public core::InterruptCleanup {
public:
    // Plans the temporaries of `targets` (distinct paths). With `create_dirs`, missing directories are
    // created (a new common directory as the staging directory); without, they must exist.
    // Throws Error(cannot_write / permission).
    BatchFiles(std::vector<std::filesystem::path> targets, bool create_dirs);
    ~BatchFiles();  // removes every temporary not yet committed
    BatchFiles(const BatchFiles&) = delete;
    BatchFiles& operator=(const BatchFiles&) = delete;

    // Writes the content of targets[i] to its temporary (0644, umask applies). Safe to call from several
    // threads at once for different i. Throws Error(cannot_write / permission).
    void write(std::size_t i, const std::string& data);
    // Starts making the temporaries durable on another thread (the flush waits for the disk; the caller
    // can meanwhile write its database rows). Call after the last write().
    void start_flush();
    // Waits for the flush (starting it if start_flush() was not called), moves the temporaries over their
    // targets, syncs the directories. Throws Error(cannot_write / permission).
    void commit();

    // The signal handler's part: unlinks the temporaries and removes the staging directory.
    void remove_now() const noexcept override;

private:
    std::vector<std::filesystem::path> m_targets;
    std::vector<std::filesystem::path> m_temps;
    std::filesystem::path m_new_dir;      // the directory created whole at commit; empty if none
    std::filesystem::path m_staging_dir;  // its temporary sibling
    bool m_committed = false;
    std::unique_ptr<SecondThread> m_flush;  // the syncfs of start_flush(), joined by commit()
};

}  // namespace certctl::ca
