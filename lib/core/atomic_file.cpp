// lib/core/atomic_file.cpp — crash-safe file replacement (POSIX rename semantics) from the durable_write primitives.
#include "lib/core/atomic_file.h"

#include "lib/core/durable_write.h"
#include "lib/core/error.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace certctl::core {

AtomicFile::AtomicFile(std::filesystem::path target, unsigned mode, Replace replace)
    : m_target(std::move(target)), m_replace(replace) {
    m_fd = create_temp_next_to(m_target, mode, m_temp);
}

AtomicFile::~AtomicFile() {
    if (m_fd >= 0) {
        ::close(m_fd);
    }
    if (!m_committed) {
        ::unlink(m_temp.c_str());
    }
}

void AtomicFile::write(const void* data, std::size_t size) {
    m_synced = false;
    if (!write_all(m_fd, data, size)) {
        throw_write_error(m_target, errno, "free some disk space and try again");
    }
}

void AtomicFile::write_at(std::uint64_t offset, const void* data, std::size_t size) {
    m_synced = false;
    if (!pwrite_all(m_fd, data, size, offset)) {
        throw_write_error(m_target, errno, "free some disk space and try again");
    }
}

void AtomicFile::start_writeback() { core::start_writeback(m_fd); }

void AtomicFile::start_writeback(std::uint64_t offset, std::uint64_t length) {
    core::start_writeback(m_fd, offset, length);
}

void AtomicFile::sync() {
    if (::fsync(m_fd) != 0) {
        throw_write_error(m_target, errno);
    }
    m_synced = true;
}

void AtomicFile::commit() {
    commit_leaving_directory_sync();
    sync_directory(m_target.parent_path());
}

void AtomicFile::commit_leaving_directory_sync() {
    if ((!m_synced && ::fsync(m_fd) != 0) || ::close(m_fd) != 0) {
        const int err = errno;
        m_fd = -1;
        throw_write_error(m_target, err);
    }
    m_fd = -1;
    if (m_replace == Replace::refuse) {
        // A rename that fails with EEXIST instead of replacing: a name is never overwritten by accident, and
        // the temporary's name is gone in the same step (a crash between a link and its unlink would leave it
        // beside the target for good). File systems without RENAME_NOREPLACE get link() and unlink().
        int err = ::renameat2(AT_FDCWD, m_temp.c_str(), AT_FDCWD, m_target.c_str(), RENAME_NOREPLACE) == 0 ? 0 : errno;
        if (err == EINVAL || err == ENOSYS) {
            err = ::link(m_temp.c_str(), m_target.c_str()) == 0 ? 0 : errno;
            if (err == 0) {
                ::unlink(m_temp.c_str());
            }
        }
        if (err == EEXIST) {
            throw Error(Errc::usage, "refusing to overwrite", m_target.string(), "the file already exists",
                        "choose another name, or remove the old one first");
        }
        if (err != 0) {
            throw_write_error(m_target, err);
        }
    } else if (::rename(m_temp.c_str(), m_target.c_str()) != 0) {
        throw_write_error(m_target, errno);
    }
    m_committed = true;
}

void write_file_atomic(const std::filesystem::path& target, const std::string& data, unsigned mode) {
    AtomicFile out(target, mode);
    out.write(data);
    out.commit();
}

}  // namespace certctl::core
