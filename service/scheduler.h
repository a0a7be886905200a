// service/scheduler.h — the watch service's jobs, each with its next due time; time comes from outside.
#pragma once
#include "lib/core/clock.h"

#include <functional>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace certctl::service {

struct Job {
    std::string name;
    // Does the job's work at `now` and says when it wants to run next. May throw core::Error: the
    // scheduler then retries after `retry` (a failure is news, never the end of the service).
    std::function<core::TimePoint(core::TimePoint now)> run;
    core::TimePoint next_due;
    core::Seconds retry{60};
};

class Scheduler final {
public:
    using Log = std::function<void(const std::string& line)>;
    explicit Scheduler(Log log) : m_log(std::move(log)) {}

    void add(Job job) { m_jobs.push_back(std::move(job)); }
    std::optional<core::TimePoint> next_due() const;
    // Runs every job due at `now`, earliest first; `stop` is asked before each job (SIGTERM lands between
    // steps, never inside one). Returns how many ran.
    std::size_t run_due(core::TimePoint now, const std::function<bool()>& stop);
    // Makes every job (or the one named) due at `now`: SIGHUP, or a change in the store.
    void make_due(core::TimePoint now, const std::string& name = {});
    const std::vector<Job>& jobs() const { return m_jobs; }

private:
    std::vector<Job> m_jobs;
    Log m_log;
};

// interval +/- fraction * interval, uniformly, so a fleet started together drifts apart. Never below 1s.
core::Seconds jittered(core::Seconds interval, double fraction, std::mt19937_64& rng);

}  // namespace certctl::service
