// service/crl_refresh.cpp — runs crl::RefreshJob for `watch` and logs one line per source that changed.
#include "service/crl_refresh.h"

#include "crl/refresh_job.h"
#include "lib/core/counted.h"
#include "lib/core/error.h"
#include "lib/core/rfc3339.h"

#include <chrono>

namespace certctl::service {

std::optional<CrlRefresh> crl_refresh_job(storage::Store& store, const core::Clock& clock,
                                          std::function<void(const std::string&)> log) {
    return CrlRefresh([&store, &clock, log = std::move(log)](core::TimePoint now) {
        crl::RefreshReport report;
        try {
            report = crl::RefreshJob(store, clock).run({}, false);
        } catch (const core::Error& e) {
            if (e.code() != core::Errc::locked) {
                throw;
            }
            // A cron `crl refresh` holds the lock: it is doing our job; look again shortly.
            log("crl refresh skipped: another certctl holds the CRL lock; retrying in 30s");
            return CrlPass{now + std::chrono::seconds(30), false};
        }
        CrlPass pass{report.next_due, false};
        for (const crl::SourceResult& r : report.results) {
            if (r.status == crl::SourceResult::Status::failed) {
                log("crl " + r.name + " failed: " + r.error + "; next attempt " + core::format_rfc3339(r.next_attempt));
            } else if (r.status == crl::SourceResult::Status::updated) {
                pass.changed = true;
                log("crl " + r.name + " updated: " + core::counted(r.entries, "entry", "entries") + " (+" +
                    std::to_string(r.added) + " -" + std::to_string(r.removed) + ")" + (r.stale ? ", stale" : ""));
            }
        }
        return pass;
    });
}

}  // namespace certctl::service
