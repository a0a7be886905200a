// lib/core/file_lock.h — an exclusive advisory lock on a file, held for the object's lifetime.
#pragma once
#include "lib/core/clock.h"

#include <filesystem>

namespace certctl::core {

class FileLock final {
public:
    // Waits up to `wait` for the lock (flock, so it dies with the process), then throws Error(locked).
    FileLock(const std::filesystem::path& path, std::chrono::milliseconds wait);
    ~FileLock();
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

private:
    int m_fd = -1;
};

}  // namespace certctl::core
