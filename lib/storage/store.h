// lib/storage/store.h — an opened store: its paths, configuration and database.
#pragma once
#include "lib/core/config.h"
#include "lib/core/store_paths.h"
#include "lib/storage/database.h"

#include <memory>

namespace certctl::storage {

class Store final {
public:
    enum class Access { read, write };

    // Access::write creates a missing store (0700, with keys/ and crl/); Access::read on a missing
    // store throws Error(not_found) with a hint to run `certctl init`. A store that cannot be written
    // when Access::write is asked gives Error(cannot_write) (73) before anything is touched.
    static std::unique_ptr<Store> open(const core::StorePaths& paths, Access access, const core::Config& config);

    const core::StorePaths& paths() const { return m_paths; }
    const core::Config& config() const { return m_config; }
    Database& db() { return *m_db; }
    bool created() const { return m_created; }

    // Whether private key files that group or others can read are used anyway (`--insecure`).
    // Off by default: such a file is refused (core::read_secret_file).
    void allow_loose_key_files(bool allow) { m_allow_loose_key_files = allow; }
    bool loose_key_files_allowed() const { return m_allow_loose_key_files; }

private:
    Store(core::StorePaths paths, core::Config config) : m_paths(std::move(paths)), m_config(std::move(config)) {}
    core::StorePaths m_paths;
    core::Config m_config;
    std::unique_ptr<Database> m_db;
    bool m_created = false;
    bool m_allow_loose_key_files = false;
};

}  // namespace certctl::storage
