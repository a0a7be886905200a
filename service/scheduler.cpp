// service/scheduler.cpp — due-time bookkeeping and jitter.
#include "service/scheduler.h"

#include "lib/core/duration.h"
#include "lib/core/error.h"

#include <algorithm>

namespace certctl::service {

std::optional<core::TimePoint> Scheduler::next_due() const {
    std::optional<core::TimePoint> next;
    for (const Job& j : m_jobs) {
        if (!next || j.next_due < *next) {
            next = j.next_due;
        }
    }
    return next;
}

std::size_t Scheduler::run_due(core::TimePoint now, const std::function<bool()>& stop) {
    std::vector<Job*> due;
    for (Job& j : m_jobs) {
        if (j.next_due <= now) {
            due.push_back(&j);
        }
    }
    std::stable_sort(due.begin(), due.end(), [](const Job* a, const Job* b) { return a->next_due < b->next_due; });
    std::size_t ran = 0;
    for (Job* j : due) {
        if (stop && stop()) {
            break;
        }
        try {
            j->next_due = j->run(now);
        } catch (const core::Error& e) {
            m_log(j->name + " failed: " + e.what() + "; retrying in " + core::format_duration(j->retry));
            j->next_due = now + j->retry;
        }
        ++ran;
    }
    return ran;
}

void Scheduler::make_due(core::TimePoint now, const std::string& name) {
    for (Job& j : m_jobs) {
        if (name.empty() || j.name == name) {
            j.next_due = std::min(j.next_due, now);
        }
    }
}

core::Seconds jittered(core::Seconds interval, double fraction, std::mt19937_64& rng) {
    const double spread = static_cast<double>(interval.count()) * fraction;
    std::uniform_real_distribution<double> dist(-spread, spread);
    const auto s = static_cast<long long>(static_cast<double>(interval.count()) + dist(rng));
    return core::Seconds(std::max<long long>(1, s));
}

}  // namespace certctl::service
