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
void make_dirs(const std::filesystem::path& dir) {
    core::create_private_directories(dir, "cannot create store directory",
                                     "choose a writable place with --store or CERTCTL_STORE");
}
}  // namespace

std::unique_ptr<Store> Store::open(const core::StorePaths& paths, Access access, const core::Config& config) {
    std::unique_ptr<Store> store(new Store(paths, config));
    const auto& root = paths.root();
    std::error_code ec;
    const bool exists = std::filesystem::exists(paths.database(), ec);
    if (!exists && access == Access::read) {
        throw core::Error(core::Errc::not_found, "no store", root.string(), "it has not been created yet",
                          "run `certctl init` (or any command that writes) to create it");
    }
    if (access == Access::write) {
        make_dirs(root);
        if (::access(root.c_str(), W_OK) != 0) {
            const int err = errno;
            throw core::Error(err == EROFS || err == EACCES ? core::Errc::cannot_write : core::Errc::permission,
                              "cannot write the store", root.string(), std::strerror(err),
                              "make the store writable or point --store elsewhere");
        }
        make_dirs(paths.keys_dir());
        make_dirs(paths.crl_dir());
        store->m_created = !exists;
    } else if (::access(root.c_str(), R_OK | X_OK) != 0) {
        throw core::Error(core::Errc::permission, "cannot read the store", root.string(), std::strerror(errno));
    }
    store->m_db = std::make_unique<Database>(paths.database(), access == Access::write);
    return store;
}

}  // namespace certctl::storage
