// lib/ca/streaming_file.cpp — buffered writes, sync_file_range as we go, fdatasync + rename at the end.
#include "lib/ca/streaming_file.h"

#include "lib/core/error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <random>
#include <unistd.h>

namespace certctl::ca {

namespace {
constexpr std::uint64_t k_writeback_step = 8ULL << 20;

[[noreturn]] void fail(const std::filesystem::path& target, int err) {
    throw core::Error(err == EACCES || err == EPERM ? core::Errc::permission : core::Errc::cannot_write,
                      "cannot write file", target.string(), std::strerror(err),
                      "check that the directory exists, is writable and the disk is not full");
}
}  // namespace

StreamingFile::StreamingFile(std::filesystem::path target, unsigned mode) : m_target(std::move(target)) {
    static std::mt19937_64 gen{std::random_device{}()};
    m_temp = m_target;
    m_temp += ".tmp." + std::to_string(gen());
    m_fd = ::open(m_temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (m_fd < 0) {
        fail(m_target, errno);
    }
}

StreamingFile::~StreamingFile() {
    if (m_fd >= 0) {
        ::close(m_fd);
    }
    if (!m_committed) {
        ::unlink(m_temp.c_str());
    }
}

void StreamingFile::flush() {
    const unsigned char* p = m_buf;
    std::size_t left = m_used;
    while (left > 0) {
        const ssize_t n = ::write(m_fd, p, left);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            fail(m_target, errno);
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    m_written += m_used;
    m_used = 0;
    if (m_written - m_synced >= k_writeback_step) {
        // Start writeback of what is complete; it runs while the rest is encoded.
        ::sync_file_range(m_fd, static_cast<off64_t>(m_synced), static_cast<off64_t>(m_written - m_synced),
                          SYNC_FILE_RANGE_WRITE);
        m_synced = m_written;
    }
}

void StreamingFile::write(const std::uint8_t* data, std::size_t size) {
    while (size > 0) {
        const std::size_t n = std::min(size, sizeof m_buf - m_used);
        std::memcpy(m_buf + m_used, data, n);
        m_used += n;
        data += n;
        size -= n;
        if (m_used == sizeof m_buf) {
            flush();
        }
    }
}

void StreamingFile::commit() {
    flush();
    if (::fdatasync(m_fd) != 0) {
        fail(m_target, errno);
    }
    if (::rename(m_temp.c_str(), m_target.c_str()) != 0) {
        fail(m_target, errno);
    }
    m_committed = true;
    const std::filesystem::path dir = m_target.parent_path().empty() ? "." : m_target.parent_path();
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

}  // namespace certctl::ca
