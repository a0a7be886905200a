// api/login_limiter.cpp — per-user and per-address failure counts with a doubling back-off.
#include "api/login_limiter.h"

#include <algorithm>

namespace certctl::api {

namespace {
constexpr std::size_t k_max_records = 100000;  // a flood of made-up user names must not grow memory forever
}

std::optional<core::Seconds> LoginLimiter::retry_after(const std::string& user, const std::string& address) {
    const std::lock_guard<std::mutex> lock(m_mutex);
    const core::TimePoint now = m_clock.now();
    core::TimePoint until = now;
    for (const auto* table : {&m_users, &m_addresses}) {
        const std::string& key = table == &m_users ? user : address;
        const auto it = table->find(key);
        if (it != table->end()) {
            until = std::max(until, it->second.blocked_until);
        }
    }
    if (until <= now) {
        return std::nullopt;
    }
    return std::chrono::ceil<core::Seconds>(until - now);
}

void LoginLimiter::fail(Record& r) {
    ++r.failures;
    if (r.failures > k_free_failures) {
        const int doublings = std::min(r.failures - k_free_failures - 1, 16);
        const core::Seconds wait = std::min(k_longest_wait, k_first_wait * (1 << doublings));
        r.blocked_until = m_clock.now() + wait;
    }
}

void LoginLimiter::failed(const std::string& user, const std::string& address) {
    const std::lock_guard<std::mutex> lock(m_mutex);
    if (m_users.size() > k_max_records) {
        m_users.clear();
    }
    if (m_addresses.size() > k_max_records) {
        m_addresses.clear();
    }
    fail(m_users[user]);
    fail(m_addresses[address]);
}

void LoginLimiter::succeeded(const std::string& user, const std::string& address) {
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_users.erase(user);
    m_addresses.erase(address);
}

}  // namespace certctl::api
