// lib/ca/batch_files.cpp — stage, one syncfs, rename.
#include "lib/ca/batch_files.h"

#include "lib/core/error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <random>
#include <set>
#include <unistd.h>

namespace certctl::ca {

namespace {
core::Errc errc_for(int err) { return err == EACCES || err == EPERM ? core::Errc::permission : core::Errc::cannot_write; }

[[noreturn]] void fail(const std::filesystem::path& target, int err) {
    throw core::Error(errc_for(err), "cannot write file", target.string(), std::strerror(err),
                      "check that the directory exists, is writable and the disk is not full");
}

std::string suffix() {
    static std::mt19937_64 gen{std::random_device{}()};
    return std::to_string(gen());
}
}  // namespace

BatchFiles::~BatchFiles() {
    if (!m_committed) {
        for (const Staged& s : m_files) {
            ::unlink(s.temp.c_str());
        }
    }
}

void BatchFiles::stage(const std::filesystem::path& target, const std::string& data) {
    Staged s{target, target};
    s.temp += ".tmp." + suffix();
    const int fd = ::open(s.temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        fail(target, errno);
    }
    m_files.push_back(s);
    const char* p = data.data();
    std::size_t left = data.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            const int err = errno;
            ::close(fd);
            fail(target, err);
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0) {
        fail(target, errno);
    }
}

void BatchFiles::commit() {
    std::set<std::filesystem::path> dirs;
    for (const Staged& s : m_files) {
        dirs.insert(s.target.parent_path().empty() ? std::filesystem::path(".") : s.target.parent_path());
    }
    for (const auto& dir : dirs) {  // one flush per file system instead of one per file
        const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0 || ::syncfs(fd) != 0) {
            const int err = errno;
            if (fd >= 0) {
                ::close(fd);
            }
            fail(dir, err);
        }
        ::close(fd);
    }
    for (const Staged& s : m_files) {
        if (::rename(s.temp.c_str(), s.target.c_str()) != 0) {
            fail(s.target, errno);
        }
    }
    m_committed = true;
    for (const auto& dir : dirs) {
        const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd >= 0) {
            ::fsync(fd);
            ::close(fd);
        }
    }
}

}  // namespace certctl::ca
