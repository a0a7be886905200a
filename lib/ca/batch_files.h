// lib/ca/batch_files.h — many small files written all-or-nothing with one flush to disk.
// core::AtomicFile fsyncs each file and its directory: right for one key, but for a thousand issued
// certificates the fsyncs cost more than the signatures. Here every file goes to a temporary name,
// one syncfs() makes them all durable, and only then are they renamed into place.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace certctl::ca {

class BatchFiles final {
public:
    BatchFiles() = default;
    ~BatchFiles();  // removes every temporary not yet committed
    BatchFiles(const BatchFiles&) = delete;
    BatchFiles& operator=(const BatchFiles&) = delete;

    // Writes `data` to a temporary next to `target` (0644). Throws Error(cannot_write / permission).
    void stage(const std::filesystem::path& target, const std::string& data);
    // Makes the temporaries durable, renames them over their targets, syncs the directories.
    void commit();

private:
    struct Staged {
        std::filesystem::path target;
        std::filesystem::path temp;
    };
    std::vector<Staged> m_files;
    bool m_committed = false;
};

}  // namespace certctl::ca
