// service/watch_service.h — what `certctl watch` does, minus signals and sleeping: jobs on a scheduler
// driven by an injected clock, so tests step through hours of schedule without waiting.
#pragma once
#include "lib/core/clock.h"
#include "lib/storage/store.h"
#include "service/monitor.h"
#include "service/scheduler.h"

#include <functional>
#include <memory>
#include <random>
#include <string>

namespace certctl::service {

class WatchService final {
public:
    using OpenStore = std::function<std::unique_ptr<storage::Store>()>;  // fresh configuration each call
    using Log = std::function<void(const std::string& line)>;

    // `seed` drives the jitter (tests pass a fixed one). Opens the store and builds the jobs:
    //  - "evaluate": every certificate, then alarms and policies (Monitor), every watch.recheck_interval;
    //  - "store-change": a cheap poll (PRAGMA data_version) that makes "evaluate" due when another
    //    process changed the store (an import, a policy set);
    //  - "crl-refresh": the CRL manager's refresh pass, when one is built in (crl_refresh.h).
    WatchService(OpenStore open, const core::Clock& clock, std::uint64_t seed, Log log);

    // Runs what is due now; returns when something is next due. `stop` is asked between jobs.
    core::TimePoint step(const std::function<bool()>& stop = {});
    // SIGHUP: reopen the store with fresh configuration and make every job due now.
    void reload();

    const Scheduler& scheduler() const { return *m_scheduler; }
    std::size_t evaluations() const { return m_evaluations; }
    static constexpr core::Seconds k_store_poll{2};

private:
    void build_jobs();
    core::TimePoint evaluate(core::TimePoint now);

    OpenStore m_open;
    const core::Clock& m_clock;
    std::mt19937_64 m_rng;
    Log m_log;
    std::unique_ptr<storage::Store> m_store;
    std::unique_ptr<Scheduler> m_scheduler;
    std::size_t m_evaluations = 0;
    long long m_data_version = -1;
};

}  // namespace certctl::service
