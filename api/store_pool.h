// api/store_pool.h — opened stores (one SQLite connection each) lent to requests, so a request neither
// opens the database nor shares a connection with another thread.
#pragma once
#include "lib/core/config.h"
#include "lib/core/store_paths.h"
#include "lib/storage/store.h"

#include <memory>
#include <mutex>
#include <vector>

namespace certctl::api {

class StorePool final {
public:
    // `wait`: how long a write waits for a busy store before Error(locked) (the API answers 503).
    StorePool(core::StorePaths paths, core::Config config, core::Seconds wait);

    class Lease final {
    public:
        Lease(StorePool& pool, std::unique_ptr<storage::Store> store) : m_pool(pool), m_store(std::move(store)) {}
        ~Lease() { m_pool.give_back(std::move(m_store)); }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        storage::Store& operator*() { return *m_store; }
        storage::Store* operator->() { return m_store.get(); }

    private:
        StorePool& m_pool;
        std::unique_ptr<storage::Store> m_store;
    };

    Lease lease();
    const core::Config& config() const { return m_config; }
    const core::StorePaths& paths() const { return m_paths; }

private:
    void give_back(std::unique_ptr<storage::Store> store);

    core::StorePaths m_paths;
    core::Config m_config;
    core::Seconds m_wait;
    std::mutex m_mutex;
    std::vector<std::unique_ptr<storage::Store>> m_idle;
};

}  // namespace certctl::api
