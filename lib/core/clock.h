// lib/core/clock.h — time comes in from outside so schedules and expiry are testable without sleeping.
#pragma once
#include <chrono>

namespace certctl::core {

using TimePoint = std::chrono::system_clock::time_point;
using Seconds = std::chrono::seconds;

class Clock {
public:
    virtual ~Clock() = default;
    virtual TimePoint now() const = 0;
};

class SystemClock final : public Clock {
public:
    TimePoint now() const override { return std::chrono::system_clock::now(); }
};

// A clock that moves only when told: tests step it to exact boundaries.
class FixedClock final : public Clock {
public:
    explicit FixedClock(TimePoint at) : m_now(at) {}
    TimePoint now() const override { return m_now; }
    void set(TimePoint at) { m_now = at; }
    template <class Rep, class Period>
    void advance(std::chrono::duration<Rep, Period> by) {
        m_now += std::chrono::duration_cast<std::chrono::system_clock::duration>(by);
    }

private:
    TimePoint m_now;
};

}  // namespace certctl::core
