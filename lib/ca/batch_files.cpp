// lib/ca/batch_files.cpp — stage, one syncfs, rename (the directory whole when it is new).
#include "lib/ca/batch_files.h"

#include "lib/core/durable_write.h"
#include "lib/core/error.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstring>
#include <map>
#include <random>
#include <set>

namespace certctl::ca {

namespace {
[[noreturn]] void fail(const std::filesystem::path& target, int err) {
    core::throw_write_error(target, err, "check that the directory exists, is writable and the disk is not full");
}

std::filesystem::path parent_of(const std::filesystem::path& p) {
    return p.parent_path().empty() ? std::filesystem::path(".") : p.parent_path();
}

// The one directory every target goes into, if that directory does not exist yet.
std::filesystem::path new_common_dir(const std::vector<std::filesystem::path>& targets) {
    if (targets.empty()) {
        return {};
    }
    const std::filesystem::path dir = parent_of(targets.front());
    for (const auto& t : targets) {
        if (parent_of(t) != dir) {
            return {};
        }
    }
    std::error_code ec;
    const bool missing = std::filesystem::symlink_status(dir, ec).type() == std::filesystem::file_type::not_found;
    return missing ? dir : std::filesystem::path();
}

void create_parents(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        fail(dir, ec.value());
    }
}

}  // namespace

BatchFiles::BatchFiles(std::vector<std::filesystem::path> targets, bool create_dirs) : m_targets(std::move(targets)) {
    if (create_dirs) {
        m_new_dir = new_common_dir(m_targets);
    }
    if (!m_new_dir.empty()) {
        create_parents(parent_of(m_new_dir));
        core::remove_stale_temporaries(parent_of(m_new_dir), {m_new_dir.filename().string()});
        // mkdir (not mkdtemp) so that the directory gets the usual mode under the umask, as it would
        // have from create_directories. The cleanup is registered before the directory exists: a signal
        // that comes the moment after mkdir must find it (rmdir of a directory not made yet is harmless).
        for (int attempt = 0;; ++attempt) {
            std::filesystem::path candidate = m_new_dir;
            candidate += core::temp_suffix();
            m_staging_dir = candidate;
            m_temps.clear();
            for (const auto& t : m_targets) {
                m_temps.push_back(m_staging_dir / t.filename());
            }
            core::register_interrupt_cleanup(this);
            if (::mkdir(candidate.c_str(), 0777) == 0) {
                return;
            }
            const int err = errno;
            core::unregister_interrupt_cleanup(this);
            if (err != EEXIST || attempt > 100) {
                m_staging_dir.clear();
                m_temps.clear();
                fail(m_new_dir, err);
            }
        }
    }
    std::map<std::filesystem::path, std::set<std::string>> dirs;
    for (const auto& t : m_targets) {
        dirs[parent_of(t)].insert(t.filename().string());
        std::filesystem::path temp = t;
        temp += core::temp_suffix();
        m_temps.push_back(temp);
    }
    for (const auto& [dir, names] : dirs) {
        if (create_dirs) {
            create_parents(dir);
        }
        core::remove_stale_temporaries(dir, names);
    }
    core::register_interrupt_cleanup(this);
}

void BatchFiles::remove_now() const noexcept {
    for (const auto& temp : m_temps) {
        ::unlink(temp.c_str());
    }
    if (!m_staging_dir.empty()) {
        ::rmdir(m_staging_dir.c_str());
    }
}

BatchFiles::~BatchFiles() {
    core::unregister_interrupt_cleanup(this);
    m_flush.reset();  // waits for a flush still running
    if (!m_committed) {
        remove_now();
    }
}

void BatchFiles::write(std::size_t i, const std::string& data) {
    const std::filesystem::path& target = m_targets.at(i);
    const core::TemporaryWrite in_flight;  // a signal's cleanup waits for this file, or it is never made
    if (!in_flight.allowed()) {
        throw core::Error(core::Errc::cannot_write, "cannot write file", target.string(), "interrupted by a signal");
    }
    const int fd = ::open(m_temps[i].c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd < 0) {
        fail(target, errno);
    }
    if (!core::write_all(fd, data.data(), data.size())) {
        const int err = errno;
        ::close(fd);
        fail(target, err);
    }
    if (::close(fd) != 0) {
        fail(target, errno);
    }
}

void BatchFiles::start_flush() {
    std::set<std::filesystem::path> dirs;
    if (!m_staging_dir.empty()) {
        dirs.insert(m_staging_dir);
    } else {
        for (const auto& t : m_targets) {
            dirs.insert(parent_of(t));
        }
    }
    // One flush per file system instead of one fsync per file.
    m_flush = std::make_unique<SecondThread>([dirs] {
        for (const auto& dir : dirs) {
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
    });
}

void BatchFiles::commit() {
    if (!m_flush) {
        start_flush();
    }
    m_flush->join();  // rethrows the flush's failure
    m_flush.reset();
    std::set<std::filesystem::path> dirs;
    for (const auto& t : m_targets) {
        dirs.insert(parent_of(t));
    }
    if (!m_staging_dir.empty()) {
        if (::rename(m_staging_dir.c_str(), m_new_dir.c_str()) == 0) {
            m_committed = true;
            core::sync_directory(parent_of(m_new_dir));
            return;
        }
        if (errno != EEXIST && errno != ENOTEMPTY && errno != ENOTDIR) {
            fail(m_new_dir, errno);
        }
        // The directory appeared since we looked: move the files into it one by one instead.
        create_parents(m_new_dir);
    }
    for (std::size_t i = 0; i < m_targets.size(); ++i) {
        if (::rename(m_temps[i].c_str(), m_targets[i].c_str()) != 0) {
            fail(m_targets[i], errno);
        }
    }
    m_committed = true;
    if (!m_staging_dir.empty()) {
        ::rmdir(m_staging_dir.c_str());
    }
    for (const auto& dir : dirs) {
        core::sync_directory(dir);
    }
}

}  // namespace certctl::ca
