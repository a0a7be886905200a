// lib/core/file_io.cpp — read_file with stat-first size limits.
#include "lib/core/file_io.h"

#include "lib/core/error.h"
#include "lib/core/wipe.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace certctl::core {

namespace {
constexpr unsigned k_group_other_bits = 0077;

int open_for_reading(const std::filesystem::path& path, const std::string& what) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        return fd;
    }
    const int err = errno;
    if (err == ENOENT || err == ENOTDIR) {
        throw Error(Errc::not_found, "cannot read " + what, path.string(), "no such file", "check the path");
    }
    if (err == EACCES || err == EPERM) {
        throw Error(Errc::permission, "cannot read " + what, path.string(), std::strerror(err),
                    "check the file's permissions");
    }
    throw Error(Errc::bad_input, "cannot read " + what, path.string(), std::strerror(err));
}

// The file's stat before a byte is read: no directory, not over the limit, and (for a secret) no access for
// group or others.
struct ::stat checked_stat(const int fd, const std::filesystem::path& path, const std::string& what,
                           std::uint64_t max_size, const bool refuse_loose_mode) {
    struct ::stat st {};
    if (::fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
        throw Error(Errc::bad_input, "cannot read " + what, path.string(), "it is a directory, not a file");
    }
    if (S_ISREG(st.st_mode) && static_cast<std::uint64_t>(st.st_size) > max_size) {
        throw Error(Errc::bad_input, "cannot read " + what, path.string(),
                    "file is too large (" + std::to_string(st.st_size) + " bytes, limit " +
                        std::to_string(max_size) + ")",
                    "is this the right file?");
    }
    if (refuse_loose_mode && S_ISREG(st.st_mode) && (st.st_mode & k_group_other_bits) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        throw Error(Errc::permission, "refusing to use " + what, path.string(),
                    std::string("group or others have access to it (mode ") + mode + ")",
                    "run `chmod 600 " + path.string() + "`, or pass --insecure to use it as it is");
    }
    return st;
}

// Reads `fd` to its end and closes it. A secret is read straight into a string sized from stat(), so it is
// never copied by a reallocation, and the stack buffer (pipes, files that grew) is wiped before it is given up.
std::string read_to_end(const int fd, const struct ::stat& st, const std::filesystem::path& path,
                        const std::string& what, std::uint64_t max_size, const bool secret) {
    std::string out;
    if (secret && S_ISREG(st.st_mode)) {
        out.reserve(static_cast<std::size_t>(st.st_size) + 1);
    }
    char buf[65536];
    const auto give_up = [&] {
        if (secret) {
            wipe(buf, sizeof buf);
            wipe(out);
        }
        ::close(fd);
    };
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            const int err = errno;
            give_up();
            throw Error(Errc::bad_input, "cannot read " + what, path.string(), std::strerror(err));
        }
        if (n == 0) {
            break;
        }
        if (secret && out.size() + static_cast<std::size_t>(n) > out.capacity()) {
            std::string bigger;  // grown by hand: the old buffer is wiped, not just freed
            bigger.reserve(2 * (out.size() + static_cast<std::size_t>(n)));
            bigger.append(out);
            wipe(out);
            out.swap(bigger);
        }
        out.append(buf, static_cast<std::size_t>(n));
        if (out.size() > max_size) {  // pipes and devices have no size in stat
            give_up();
            throw Error(Errc::bad_input, "cannot read " + what, path.string(),
                        "file is too large (limit " + std::to_string(max_size) + " bytes)");
        }
    }
    if (secret) {
        wipe(buf, sizeof buf);
    }
    ::close(fd);
    return out;
}

std::string read_checked(const std::filesystem::path& path, const std::string& what, std::uint64_t max_size,
                         const bool refuse_loose_mode, const bool secret) {
    const int fd = open_for_reading(path, what);
    struct ::stat st {};
    try {
        st = checked_stat(fd, path, what, max_size, refuse_loose_mode);
    } catch (...) {
        ::close(fd);
        throw;
    }
    return read_to_end(fd, st, path, what, max_size, secret);
}
}  // namespace

std::string read_file(const std::filesystem::path& path, const std::string& what, std::uint64_t max_size) {
    return read_checked(path, what, max_size, false, false);
}

std::string read_secret_file(const std::filesystem::path& path, const std::string& what, bool allow_loose,
                             std::uint64_t max_size) {
    return read_checked(path, what, max_size, !allow_loose, true);
}

void create_private_directories(const std::filesystem::path& dir, const std::string& what, const std::string& hint) {
    std::error_code ec;
    if (dir.empty() || std::filesystem::is_directory(dir, ec)) {
        return;
    }
    create_private_directories(dir.parent_path(), what, hint);
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
        const int err = errno;
        throw Error(err == EACCES || err == EPERM ? Errc::permission : Errc::cannot_write, what, dir.string(),
                    std::strerror(err), hint);
    }
}

}  // namespace certctl::core
