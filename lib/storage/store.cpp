// lib/storage/store.cpp — creating and opening the store directory.
#include "lib/storage/store.h"

#include "lib/core/error.h"
#include "lib/core/file_io.h"

#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace certctl::storage {

namespace {
const char* const k_read_access_hint =
    "run as the store's owner, or have the owner grant read access (docs/store.md, \"Read access for monitoring\")";

void make_dirs(const std::filesystem::path& dir) {
    core::create_private_directories(dir, "cannot create store directory",
                                     "choose a writable place with --store or CERTCTL_STORE");
}
}  // namespace

// Someone else's store is Error(permission) with a hint, never "no store". Access::read by a user who may
// read but not write the store gets a read-only database (see Database's constructor), so listing and
// checking work for a monitoring account. Writing someone else's store is 77; our own made read-only is 73.
std::unique_ptr<Store> Store::open(const core::StorePaths& paths, Access access, const core::Config& config) {
    std::unique_ptr<Store> store(new Store(paths, config));
    const auto& root = paths.root();
    std::error_code ec;
    const bool exists = std::filesystem::exists(paths.database(), ec);
    if (ec && ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory) {
        // Someone else's store (0700): "no store, run init" would be wrong and init would fail too.
        throw core::Error(ec == std::errc::permission_denied ? core::Errc::permission : core::Errc::cannot_write,
                          "cannot read the store", root.string(), ec.message(), k_read_access_hint);
    }
    if (!exists && access == Access::read) {
        throw core::Error(core::Errc::not_found, "no store", root.string(), "it has not been created yet",
                          "run `certctl init` (or any command that writes) to create it");
    }
    if (access == Access::write) {
        make_dirs(root);
        if (::access(root.c_str(), W_OK) != 0) {
            // Someone else's store is a permission matter (77); our own store made read-only, or a
            // read-only file system, is one of writing (73).
            const int err = errno;
            struct stat st {};
            const bool others = err == EACCES && ::stat(root.c_str(), &st) == 0 && st.st_uid != ::geteuid();
            throw core::Error(others ? core::Errc::permission : core::Errc::cannot_write, "cannot write the store",
                              root.string(), std::strerror(err),
                              others ? "run as the store's owner, or point --store at a store of your own"
                                     : "make the store writable or point --store elsewhere");
        }
        make_dirs(paths.keys_dir());
        make_dirs(paths.crl_dir());
        store->m_created = !exists;
    } else if (::access(root.c_str(), R_OK | X_OK) != 0 || ::access(paths.database().c_str(), R_OK) != 0) {
        throw core::Error(core::Errc::permission, "cannot read the store", root.string(), std::strerror(errno),
                          k_read_access_hint);
    }
    store->m_db = std::make_unique<Database>(paths.database(), access == Access::write);
    return store;
}

}  // namespace certctl::storage
