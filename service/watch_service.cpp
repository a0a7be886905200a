// service/watch_service.cpp — the watch jobs: evaluate, notice store changes, refresh CRLs.
#include "service/watch_service.h"

#include "lib/core/counted.h"
#include "lib/core/duration.h"
#include "lib/exchange/sync_cadence.h"
#include "service/auto_renewal.h"
#include "service/change_runner.h"
#include "policies/check.h"
#include "policies/crl_seam.h"
#include "service/crl_refresh.h"
#include "policies/inventory_reader.h"
#include "policies/role_check.h"

namespace certctl::service {

namespace {
constexpr double k_jitter = 0.1;
}

WatchService::WatchService(OpenStore open, const core::Clock& clock, std::uint64_t seed, Log log)
    : m_open(std::move(open)), m_clock(clock), m_rng(seed), m_log(std::move(log)) {
    m_store = m_open();
    build_jobs();
}

void WatchService::build_jobs() {
    m_scheduler = std::make_unique<Scheduler>(m_log);
    const core::TimePoint now = m_clock.now();
    // CRLs first: an evaluation due at the same time then sees fresh revocation data.
    if (auto crl = crl_refresh_job(*m_store, m_clock, m_log)) {
        m_scheduler->add({"crl-refresh",
                          [this, crl = *crl](core::TimePoint at) {
                              const CrlPass pass = crl(at);
                              if (pass.changed) {
                                  m_scheduler->make_due(at, "evaluate");
                              }
                              const core::Seconds fallback = m_store->config().get_duration("watch.recheck_interval");
                              return pass.next_due ? *pass.next_due : at + jittered(fallback, k_jitter, m_rng);
                          },
                          now, core::Seconds(60)});
    }
    // Lifecycle: renew what entered its renewal window, then deploy and run hooks for every change not yet
    // handled (a failed one is retried here, once a pass).
    m_scheduler->add({"lifecycle",
                      [this](core::TimePoint at) {
                          const RenewalPass renewals = renew_due(*m_store, m_clock, m_log);
                          if (renewals.renewed > 0) {
                              m_scheduler->make_due(at, "evaluate");  // alarms of the old certificates clear now
                          }
                          const ChangeRunner::Retries retries = ChangeRunner(*m_store, m_clock, m_log).run_due();
                          core::TimePoint next =
                              at + jittered(m_store->config().get_duration("watch.recheck_interval"), k_jitter, m_rng);
                          // A backoff that runs out before the next pass brings the pass forward.
                          for (const auto& retry : {renewals.next_try, retries.next_try}) {
                              if (retry) {
                                  next = std::min(next, std::max(*retry, at + core::Seconds(1)));
                              }
                          }
                          return next;
                      },
                      now, core::Seconds(60)});
    // Evaluated at the time it runs, not when the step began: a renewal batch earlier in the same step takes
    // seconds, and its certificates, valid from the moment they were signed, must not look not-yet-valid.
    m_scheduler->add({"evaluate", [this](core::TimePoint at) { return evaluate(std::max(at, m_clock.now())); }, now,
                      std::min(core::Seconds(60), m_store->config().get_duration("watch.recheck_interval"))});
    m_data_version = -1;
    m_scheduler->add({"store-change",
                      [this](core::TimePoint at) {
                          const long long v = m_store->db().sql().execAndGet("PRAGMA data_version").getInt64();
                          if (m_data_version >= 0 && v != m_data_version) {
                              m_log("store changed: evaluating now");
                              m_scheduler->make_due(at, "evaluate");
                              m_scheduler->make_due(at, "crl-refresh");  // a new source is fetched now
                          }
                          m_data_version = v;
                          return at + k_store_poll;
                      },
                      now, k_store_poll});
}

core::TimePoint WatchService::evaluate(core::TimePoint now) {
    policies::CheckReport report;
    report.at = now;
    report.thresholds = policies::thresholds_from(m_store->config());
    const auto revocation = policies::revocation_lookup(*m_store);
    policies::BundleAnchors anchors(m_store->db(), m_clock);
    const std::vector<std::string> names =
        policies::check_inventory(m_store->db(), *revocation, policies::invalid_check(anchors, now), report);
    Monitor monitor(*m_store, m_clock, m_log);
    MonitorResult r = monitor.record(report);
    r.cleared += monitor.forget_removed(names);
    exchange::apply_sync_alarm(m_store->db(), m_clock);  // the On-Prem's sync cadence, as check does
    ++m_evaluations;
    if (r.raised + r.cleared + r.actions > 0) {
        m_log("evaluated " + core::counted(report.certs.size(), "certificate") + ": " +
              core::counted(r.raised, "alarm") + " raised or changed, " + std::to_string(r.cleared) + " cleared, " +
              core::counted(r.actions, "action") + " run");
    }
    return now + jittered(m_store->config().get_duration("watch.recheck_interval"), k_jitter, m_rng);
}

core::TimePoint WatchService::step(const std::function<bool()>& stop) {
    m_scheduler->run_due(m_clock.now(), stop);
    return *m_scheduler->next_due();
}

void WatchService::reload() {
    m_log("reloading configuration and acting now");
    m_scheduler.reset();
    m_store.reset();
    m_store = m_open();
    build_jobs();
}

}  // namespace certctl::service
