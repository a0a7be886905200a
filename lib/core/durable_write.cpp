// lib/core/durable_write.cpp — POSIX calls behind the durable writers (see durable_write.h).
#include "lib/core/durable_write.h"

#include "lib/core/interrupt_cleanup.h"

#include <cerrno>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <map>
#include <mutex>
#include <random>
#include <unistd.h>
#include <vector>

namespace certctl::core {

Errc write_errc(int err) { return err == EACCES || err == EPERM ? Errc::permission : Errc::cannot_write; }

void throw_write_error(const std::filesystem::path& target, int err, const std::string& hint) {
    throw Error(write_errc(err), "cannot write file", target.string(), std::strerror(err), hint);
}

std::string temp_suffix() {
    // NAME.tmp.<pid>.<random>: the pid lets a later run tell a dead writer's leftovers (kill -9, a crash)
    // from a live writer's. Seeded once per thread: a batch of a thousand files must not read the kernel's
    // entropy each time. O_EXCL, not the name, is what keeps two writers apart; the name only makes clashes rare.
    static thread_local std::mt19937_64 gen{std::random_device{}()};
    return ".tmp." + std::to_string(::getpid()) + "." + std::to_string(gen());
}

namespace {
// The target name in "NAME.tmp.<pid>.<random>" when that pid is gone, else "".
std::string stale_target(const std::string& name) {
    const std::size_t last = name.rfind('.');
    if (last == std::string::npos || last == 0) {
        return {};
    }
    const std::size_t pid_dot = name.rfind('.', last - 1);
    const auto digits = [&](std::size_t from, std::size_t to) {
        return to > from && name.find_first_not_of("0123456789", from) >= to;
    };
    if (pid_dot == std::string::npos || pid_dot < 4 || !digits(last + 1, name.size()) || !digits(pid_dot + 1, last) ||
        last - pid_dot > 11 || name.compare(pid_dot - 4, 4, ".tmp") != 0) {
        return {};
    }
    if (process_alive(std::stol(name.substr(pid_dot + 1, last - pid_dot - 1)))) {
        return {};
    }
    return name.substr(0, pid_dot - 4);
}
}  // namespace

namespace {
// Listing a directory costs one step per entry: a store of 100,000 keys must not pay that for every key it
// writes (it did: 17% of a CSR request's time on a store of 5,000 keys). So a process lists a directory once,
// at its first write there, and remembers the dead writers' temporaries it found, by target; later writes in
// that directory sweep from the list. A writer that dies after this process listed the directory is swept by
// the next process that writes there. Only dead writers' files are remembered, and a dead pid stays dead for
// its files' sake, so the list never names a live writer's temporary.
struct StaleTemporaries {
    std::mutex mutex;
    std::map<std::string, std::map<std::string, std::vector<std::string>>> by_directory;  // dir -> target -> files
};

StaleTemporaries& stale_temporaries() {
    static StaleTemporaries registry;
    return registry;
}

std::map<std::string, std::vector<std::string>> list_stale_temporaries(const std::string& dir) {
    std::map<std::string, std::vector<std::string>> found;
    DIR* d = ::opendir(dir.c_str());
    if (d == nullptr) {
        return found;
    }
    while (const dirent* entry = ::readdir(d)) {
        // Cheap test first: most entries are real files without ".tmp." in their name.
        if (std::strstr(entry->d_name, ".tmp.") == nullptr) {
            continue;
        }
        const std::string name = entry->d_name;
        std::string target = stale_target(name);
        if (!target.empty()) {
            found[std::move(target)].push_back(name);
        }
    }
    ::closedir(d);
    return found;
}
}  // namespace

void remove_stale_temporaries(const std::filesystem::path& dir, const std::set<std::string>& names) {
    const std::string where = dir.empty() ? std::string(".") : dir.string();
    std::vector<std::string> doomed;
    {
        StaleTemporaries& registry = stale_temporaries();
        const std::lock_guard<std::mutex> lock(registry.mutex);
        auto listed = registry.by_directory.find(where);
        if (listed == registry.by_directory.end()) {
            listed = registry.by_directory.emplace(where, list_stale_temporaries(where)).first;
        }
        for (const std::string& name : names) {
            const auto files = listed->second.find(name);
            if (files != listed->second.end()) {
                doomed.insert(doomed.end(), files->second.begin(), files->second.end());
                listed->second.erase(files);
            }
        }
    }
    for (const std::string& file : doomed) {
        std::error_code ignored;
        std::filesystem::remove_all(std::filesystem::path(where) / file, ignored);
    }
}

int create_temp_next_to(const std::filesystem::path& target, unsigned mode, std::filesystem::path& temp) {
    remove_stale_temporaries(target.parent_path(), {target.filename().string()});
    for (int attempt = 0; attempt < 5; ++attempt) {
        temp = target;
        temp += temp_suffix();
        const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
        if (fd >= 0) {
            return fd;
        }
        if (errno != EEXIST) {
            throw_write_error(target, errno, "check that the directory exists, is writable and the disk is not full");
        }
    }
    throw Error(Errc::cannot_write, "cannot write file", target.string(), "no free temporary name");
}

namespace {

// Calls write_some(at, count, done) until all of data is written, retrying what a signal interrupted and
// going on after a short write; write_some is write(2) or pwrite(2) at the offset plus done.
template <typename WriteSome>
bool write_fully(const void* data, std::size_t size, WriteSome write_some) {
    const char* p = static_cast<const char*>(data);
    std::size_t done = 0;
    while (done < size) {
        const ssize_t n = write_some(p + done, size - done, done);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    return true;
}

}  // namespace

bool write_all(int fd, const void* data, std::size_t size) {
    return write_fully(data, size,
                       [fd](const char* at, std::size_t count, std::size_t) { return ::write(fd, at, count); });
}

bool pwrite_all(int fd, const void* data, std::size_t size, std::uint64_t offset) {
    return write_fully(data, size, [fd, offset](const char* at, std::size_t count, std::size_t done) {
        return ::pwrite(fd, at, count, static_cast<off_t>(offset + done));
    });
}

void start_writeback(int fd, std::uint64_t offset, std::uint64_t length) {
    ::sync_file_range(fd, static_cast<off64_t>(offset), static_cast<off64_t>(length), SYNC_FILE_RANGE_WRITE);
}

void sync_directory(const std::filesystem::path& dir) {
    const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

}  // namespace certctl::core
