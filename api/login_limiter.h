// api/login_limiter.h — slows password guessing: after a few failed logins for one user name or from one
// address, further attempts are refused (429) for a back-off that doubles with each failure.
#pragma once
#include "lib/core/clock.h"

#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace certctl::api {

class LoginLimiter final {
public:
    static constexpr int k_free_failures = 5;        // failures before any wait
    static constexpr core::Seconds k_first_wait{1};  // then 1 s, 2 s, 4 s, ...
    static constexpr core::Seconds k_longest_wait{300};

    explicit LoginLimiter(const core::Clock& clock) : m_clock(clock) {}

    // Seconds to wait before `user` or `address` may try again, or nullopt when they may try now.
    std::optional<core::Seconds> retry_after(const std::string& user, const std::string& address);
    void failed(const std::string& user, const std::string& address);
    void succeeded(const std::string& user, const std::string& address);

private:
    struct Record {
        int failures = 0;
        core::TimePoint blocked_until{};
    };
    void fail(Record& r);

    const core::Clock& m_clock;
    std::mutex m_mutex;
    std::map<std::string, Record> m_users;
    std::map<std::string, Record> m_addresses;
};

}  // namespace certctl::api
