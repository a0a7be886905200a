// lib/core/file_lock.cpp — flock(2) with a bounded wait, so cron runs never interleave nor hang.
#include "lib/core/file_lock.h"

#include "lib/core/error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <thread>
#include <unistd.h>

namespace certctl::core {

FileLock::FileLock(const std::filesystem::path& path, std::chrono::milliseconds wait) {
    m_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (m_fd < 0) {
        const int err = errno;
        throw Error(err == EACCES ? Errc::permission : Errc::cannot_write, "cannot open lock file", path.string(),
                    std::strerror(err));
    }
    const auto deadline = std::chrono::steady_clock::now() + wait;
    while (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK && errno != EINTR) {
            const int err = errno;
            ::close(m_fd);
            throw Error(Errc::cannot_write, "cannot lock", path.string(), std::strerror(err));
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            ::close(m_fd);
            throw Error(Errc::locked, "store is busy", path.string(), "another certctl holds the lock",
                        "try again when the other run has finished");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

FileLock::~FileLock() {
    if (m_fd >= 0) {
        ::flock(m_fd, LOCK_UN);
        ::close(m_fd);
    }
}

}  // namespace certctl::core
