// api/store_pool.cpp — a stack of idle stores; which pools a thread's leases committed to.
#include "api/store_pool.h"

#include <algorithm>

namespace certctl::api {

namespace {
constexpr std::size_t k_max_idle = 64;

// The pools this thread committed to since it last made its commits durable (a request runs on one thread).
thread_local std::vector<StorePool*> t_committed_to;
}  // namespace

StorePool::StorePool(core::StorePaths paths, core::Config config, core::Seconds wait)
    : m_paths(paths),
      m_config(std::move(config)),
      m_wait(wait),
      m_log_sync(paths.database().string() + "-wal", paths.root()) {}

StorePool::Lease::Lease(StorePool& pool, std::unique_ptr<storage::Store> store)
    : m_pool(pool), m_store(std::move(store)), m_changes_before(m_store->db().sql().getTotalChanges()) {}

StorePool::Lease::~Lease() {
    // Rows inserted, updated or deleted on this connection meanwhile: a commit to make durable (a rolled back
    // one only costs a needless fsync).
    if (m_store->db().sql().getTotalChanges() != m_changes_before &&
        std::find(t_committed_to.begin(), t_committed_to.end(), &m_pool) == t_committed_to.end()) {
        t_committed_to.push_back(&m_pool);
    }
    m_pool.give_back(std::move(m_store));
}

void StorePool::make_commits_durable() {
    const auto it = std::find(t_committed_to.begin(), t_committed_to.end(), this);
    if (it == t_committed_to.end()) {
        return;
    }
    t_committed_to.erase(it);
    m_log_sync.sync();
}

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
    store->db().sql().exec("PRAGMA synchronous=NORMAL");  // the log is synced by make_commits_durable
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
