// api/store_pool.cpp — a stack of idle stores.
#include "api/store_pool.h"

namespace certctl::api {

namespace {
constexpr std::size_t k_max_idle = 64;
}

StorePool::StorePool(core::StorePaths paths, core::Config config, core::Seconds wait)
    : m_paths(std::move(paths)), m_config(std::move(config)), m_wait(wait) {}

StorePool::Lease StorePool::lease() {
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        if (!m_idle.empty()) {
            std::unique_ptr<storage::Store> store = std::move(m_idle.back());
            m_idle.pop_back();
            return Lease(*this, std::move(store));
        }
    }
    std::unique_ptr<storage::Store> store = storage::Store::open(m_paths, storage::Store::Access::write, m_config);
    store->db().sql().setBusyTimeout(static_cast<int>(std::chrono::milliseconds(m_wait).count()));
    return Lease(*this, std::move(store));
}

void StorePool::give_back(std::unique_ptr<storage::Store> store) {
    if (!store) {
        return;
    }
    const std::lock_guard<std::mutex> lock(m_mutex);
    if (m_idle.size() < k_max_idle) {
        m_idle.push_back(std::move(store));
    }
}

}  // namespace certctl::api
