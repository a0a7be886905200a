// lib/ca/streaming_file.cpp — buffered writes, sync_file_range as we go, fdatasync + rename at the end (the
// durable_write primitives, composed for one large file).
#include "lib/ca/streaming_file.h"

#include "lib/core/durable_write.h"
#include "lib/core/error.h"

#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace certctl::ca {

namespace {
constexpr std::uint64_t k_writeback_step = 8ULL << 20;

[[noreturn]] void fail(const std::filesystem::path& target, int err) {
    core::throw_write_error(target, err, "check that the directory exists, is writable and the disk is not full");
}
}  // namespace

StreamingFile::StreamingFile(std::filesystem::path target, unsigned mode) : m_target(std::move(target)) {
    m_fd = core::create_temp_next_to(m_target, mode, m_temp);
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
    if (!core::write_all(m_fd, m_buf, m_used)) {
        fail(m_target, errno);
    }
    m_written += m_used;
    m_used = 0;
    if (m_written - m_synced >= k_writeback_step) {
        // Start writeback of what is complete; it runs while the rest is encoded.
        core::start_writeback(m_fd, m_synced, m_written - m_synced);
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
    core::sync_directory(m_target.parent_path());
}

}  // namespace certctl::ca
