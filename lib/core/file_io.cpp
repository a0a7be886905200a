// lib/core/file_io.cpp — read_file with stat-first size limits.
#include "lib/core/file_io.h"

#include "lib/core/error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace certctl::core {

std::string read_file(const std::filesystem::path& path, const std::string& what, std::uint64_t max_size) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        const int err = errno;
        if (err == ENOENT || err == ENOTDIR) {
            throw Error(Errc::not_found, "cannot read " + what, path.string(), "no such file",
                        "check the path");
        }
        if (err == EACCES || err == EPERM) {
            throw Error(Errc::permission, "cannot read " + what, path.string(), std::strerror(err),
                        "check the file's permissions");
        }
        throw Error(Errc::bad_input, "cannot read " + what, path.string(), std::strerror(err));
    }
    struct ::stat st {};
    if (::fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
        ::close(fd);
        throw Error(Errc::bad_input, "cannot read " + what, path.string(), "it is a directory, not a file");
    }
    if (S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) > max_size) {
        ::close(fd);
        throw Error(Errc::bad_input, "cannot read " + what, path.string(),
                    "file is too large (" + std::to_string(st.st_size) + " bytes, limit " +
                        std::to_string(max_size) + ")",
                    "is this the right file?");
    }
    std::string out;
    char buf[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            const int err = errno;
            ::close(fd);
            throw Error(Errc::bad_input, "cannot read " + what, path.string(), std::strerror(err));
        }
        if (n == 0) {
            break;
        }
        out.append(buf, static_cast<std::size_t>(n));
        if (out.size() > max_size) {  // pipes and devices have no size in stat
            ::close(fd);
            throw Error(Errc::bad_input, "cannot read " + what, path.string(),
                        "file is too large (limit " + std::to_string(max_size) + " bytes)");
        }
    }
    ::close(fd);
    return out;
}

}  // namespace certctl::core
