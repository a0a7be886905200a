// crl/generation.cpp — building a generation of <store>/crl beside the published one and switching to it.
#include "crl/generation.h"
#include "lib/ca/parallel.h"

#include "lib/core/durable_write.h"
#include "lib/core/error.h"
#include "lib/core/file_io.h"

#include <array>
#include <cerrno>
#include <string_view>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace certctl::crl {

namespace fs = std::filesystem;

namespace {
constexpr std::array<std::string_view, 3> k_master_files = {"master.idx", "master.csv", "master-sources.csv"};
constexpr const char* k_hint = "check that the store is writable and the disk is not full";

bool is_link(const fs::path& p) {
    std::error_code ec;
    return fs::is_symlink(fs::symlink_status(p, ec));
}

bool is_plain_file(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(fs::symlink_status(p, ec));
}

// A directory with `mode` exactly (umask can narrow mkdir's, and the operator may have opened crl/ to a
// group: the generations follow the directory they live in).
void make_dir(const fs::path& dir, mode_t mode) {
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
        core::throw_write_error(dir, errno, k_hint);
    }
    if (::chmod(dir.c_str(), mode) != 0) {
        core::throw_write_error(dir, errno, k_hint);
    }
}

mode_t mode_of(const fs::path& dir) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0) {
        core::throw_write_error(dir, errno, k_hint);
    }
    return st.st_mode & 07777;
}

// A symlink at a temporary name renamed over `link`: a file or symlink there is replaced in one step.
void replace_with_symlink(const fs::path& target, const fs::path& link) {
    const fs::path temp = link.string() + core::temp_suffix();
    if (::symlink(target.c_str(), temp.c_str()) != 0) {
        core::throw_write_error(link, errno, k_hint);
    }
    if (::rename(temp.c_str(), link.c_str()) != 0) {
        const int err = errno;
        ::unlink(temp.c_str());
        core::throw_write_error(link, err, k_hint);
    }
}

void hard_link(const fs::path& from, const fs::path& to) {
    if (::link(from.c_str(), to.c_str()) != 0) {
        core::throw_write_error(to, errno, k_hint);
    }
}

// Links the master list's files (the merged ones or the per-source indexes) and every last good CRL of `from`
// (a generation, or crl/ itself in the layout without generations) into the generation `to`.
void link_published(const fs::path& from, const fs::path& to) {
    for (const std::string_view name : k_master_files) {
        if (is_plain_file(from / name)) {
            hard_link(from / name, to / name);
        }
    }
    for (const auto& [dir, extension] : {std::pair{"sources", ".crl"}, std::pair{"index", ".idx"}}) {
        std::error_code ec;
        for (auto it = fs::directory_iterator(from / dir, ec); !ec && it != fs::directory_iterator();
             it.increment(ec)) {
            const fs::path& p = it->path();
            if (p.extension() == extension && is_plain_file(p)) {
                hard_link(p, to / dir / p.filename());
            }
        }
    }
}

void remove_quietly(const fs::path& p) {
    std::error_code ec;
    fs::remove_all(p, ec);
}

// Removes a generation that is no longer current. Its files are unlinked on every core at once: freeing the
// blocks of an old master list and a replaced CRL is what a large import spends after publishing (1.4 GB for
// a 10M-entry list: 0.3 s on one core, here without a journal and with discard).
void remove_generation(const fs::path& dir) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        if (it->is_regular_file(ec)) {
            files.push_back(it->path());
        }
    }
    ca::parallel_for(files.size(), [&](std::size_t i) { ::unlink(files[i].c_str()); }, 1);
    remove_quietly(dir);
}

// "gen/<n>" of crl/current, or empty when the store has no generation yet.
std::string current_of(const fs::path& crl) {
    std::error_code ec;
    const fs::path target = fs::read_symlink(crl / "current", ec);
    return ec ? std::string() : target.string();
}

unsigned long number_of(const std::string& generation) {
    const std::string digits = fs::path(generation).filename().string();
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 18) {
        throw core::Error(core::Errc::bad_input, "cannot read the published CRL state", "crl/current",
                          "it names '" + generation + "', not a generation gen/<number>",
                          "restore the store's crl/ directory from a backup, or remove it and run "
                          "`certctl crl refresh --force`");
    }
    return std::stoul(digits);
}

void make_generation(const fs::path& dir, mode_t mode) {
    make_dir(dir, mode);
    make_dir(dir / "sources", 0700);  // last good CRLs: as private as they were before generations
    make_dir(dir / "index", mode);    // per-source indexes (crl.master_list = on-demand): read as master.idx is
}

void sync_generation(const fs::path& crl, const fs::path& dir) {
    core::sync_directory(dir / "sources");
    core::sync_directory(dir / "index");
    core::sync_directory(dir);
    core::sync_directory(crl / "gen");
}

// The first generation: on a new store an empty one; on a store published before generations existed, its
// files themselves (linked). Then each old path becomes a symlink through crl/current, one rename each, with
// the same content behind it at every step. Every step can be repeated, so a run killed part-way through is
// finished by the next one; a first generation left half-built is started again.
std::string ensure_layout(const fs::path& crl) {
    std::string current = current_of(crl);
    const mode_t mode = mode_of(crl) & 0777;
    if (current.empty()) {
        remove_quietly(crl / "gen");
        make_dir(crl / "gen", mode);
        make_generation(crl / "gen" / "1", mode);
        link_published(crl, crl / "gen" / "1");
        sync_generation(crl, crl / "gen" / "1");
        replace_with_symlink("gen/1", crl / "current");
        core::sync_directory(crl);
        current = "gen/1";
    }
    bool changed = false;
    for (const std::string_view name : k_master_files) {
        if (!is_link(crl / name)) {
            replace_with_symlink(fs::path("current") / name, crl / name);
            changed = true;
        }
    }
    const fs::path flat_sources = crl / "sources.flat";
    if (!is_link(crl / "sources")) {
        // A directory cannot be replaced by a rename: moved aside first (its CRLs are already linked into the
        // first generation), then the symlink takes its name.
        remove_quietly(flat_sources);
        std::error_code ec;
        fs::rename(crl / "sources", flat_sources, ec);
        replace_with_symlink("current/sources", crl / "sources");
        changed = true;
    }
    if (!is_link(crl / "index")) {
        replace_with_symlink("current/index", crl / "index");  // never a directory of its own: no move first
        changed = true;
    }
    if (changed) {
        core::sync_directory(crl);
    }
    remove_quietly(flat_sources);
    return current;
}

// Generations other than the published one: what a killed run was building, or failed to remove; and the
// temporary symlinks of replace_with_symlink (crl/current.tmp.*) that a run killed between its symlink() and
// its rename() leaves in crl/. No reader opens either.
void sweep(const fs::path& crl, const std::string& current) {
    const fs::path keep = crl / current;
    std::error_code ec;
    for (auto it = fs::directory_iterator(crl / "gen", ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
        if (it->path() != keep) {
            remove_quietly(it->path());
        }
    }
    std::vector<fs::path> temporaries;
    for (auto it = fs::directory_iterator(crl, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
        if (it->path().filename().string().find(".tmp.") != std::string::npos && is_link(it->path())) {
            temporaries.push_back(it->path());
        }
    }
    for (const fs::path& p : temporaries) {
        ::unlink(p.c_str());
    }
}
}  // namespace

Generation::Generation(const core::StorePaths& paths) : m_crl(paths.crl_dir()) {
    core::create_private_directories(m_crl);
    const std::string current = ensure_layout(m_crl);
    sweep(m_crl, current);
    m_previous = m_crl / current;
    m_dir = m_crl / "gen" / std::to_string(number_of(current) + 1);
    make_generation(m_dir, mode_of(m_crl) & 0777);
    try {
        link_published(m_previous, m_dir);
    } catch (...) {
        remove_quietly(m_dir);
        throw;
    }
}

Generation::~Generation() {
    if (!m_committed) {
        remove_quietly(m_dir);
    }
}

fs::path Generation::source_crl(const std::string& source) const { return m_dir / "sources" / (source + ".crl"); }

void Generation::commit() {
    sync_generation(m_crl, m_dir);
    replace_with_symlink(fs::path("gen") / m_dir.filename(), m_crl / "current");
    core::sync_directory(m_crl);
    m_committed = true;
    // A reader that opened the old files keeps them (an open file outlives its name); a lookup caught between
    // resolving crl/current and opening the index finds it gone and opens again (MasterList).
    remove_generation(m_previous);
}

}  // namespace certctl::crl
