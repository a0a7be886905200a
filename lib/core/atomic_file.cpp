// lib/core/atomic_file.cpp — crash-safe file replacement (POSIX rename semantics).
#include "lib/core/atomic_file.h"

#include "lib/core/error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <random>
#include <unistd.h>

namespace certctl::core {

namespace {
Errc errc_for_errno(int err) {
    return err == EACCES || err == EPERM ? Errc::permission : Errc::cannot_write;
}

std::string random_suffix() {
    static std::random_device device;
    static const char k_chars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    std::string out;
    for (int i = 0; i < 10; ++i) {
        out += k_chars[device() % (sizeof k_chars - 1)];
    }
    return out;
}

void fsync_directory(const std::filesystem::path& dir) {
    const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}
}  // namespace

AtomicFile::AtomicFile(std::filesystem::path target, unsigned mode, Replace replace)
    : m_target(std::move(target)), m_replace(replace) {
    for (int attempt = 0; attempt < 5 && m_fd < 0; ++attempt) {
        m_temp = m_target;
        m_temp += ".tmp." + random_suffix();
        m_fd = ::open(m_temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
        if (m_fd < 0 && errno != EEXIST) {
            const int err = errno;
            throw Error(errc_for_errno(err), "cannot write file", m_target.string(), std::strerror(err),
                        "check that the directory exists, is writable and the disk is not full");
        }
    }
    if (m_fd < 0) {
        throw Error(Errc::cannot_write, "cannot write file", m_target.string(), "no free temporary name");
    }
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
    const char* p = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t n = ::write(m_fd, p, size);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            const int err = errno;
            throw Error(errc_for_errno(err), "cannot write file", m_target.string(), std::strerror(err),
                        "free some disk space and try again");
        }
        p += n;
        size -= static_cast<std::size_t>(n);
    }
}

void AtomicFile::start_writeback() { ::sync_file_range(m_fd, 0, 0, SYNC_FILE_RANGE_WRITE); }

void AtomicFile::sync() {
    if (::fsync(m_fd) != 0) {
        const int err = errno;
        throw Error(errc_for_errno(err), "cannot write file", m_target.string(), std::strerror(err));
    }
    m_synced = true;
}

void AtomicFile::commit() {
    if ((!m_synced && ::fsync(m_fd) != 0) || ::close(m_fd) != 0) {
        const int err = errno;
        m_fd = -1;
        throw Error(errc_for_errno(err), "cannot write file", m_target.string(), std::strerror(err));
    }
    m_fd = -1;
    if (m_replace == Replace::refuse) {
        // link() fails with EEXIST instead of replacing: a name is never overwritten by accident.
        if (::link(m_temp.c_str(), m_target.c_str()) != 0) {
            const int err = errno;
            if (err == EEXIST) {
                throw Error(Errc::usage, "refusing to overwrite", m_target.string(), "the file already exists",
                            "choose another name, or remove the old one first");
            }
            throw Error(errc_for_errno(err), "cannot write file", m_target.string(), std::strerror(err));
        }
        ::unlink(m_temp.c_str());
    } else if (::rename(m_temp.c_str(), m_target.c_str()) != 0) {
        const int err = errno;
        throw Error(errc_for_errno(err), "cannot write file", m_target.string(), std::strerror(err));
    }
    m_committed = true;
    fsync_directory(m_target.parent_path());
}

void write_file_atomic(const std::filesystem::path& target, const std::string& data, unsigned mode) {
    AtomicFile out(target, mode);
    out.write(data);
    out.commit();
}

}  // namespace certctl::core
