// policies/crl_seam.cpp — crl::MasterList for revocation, crl::SourceStore for freshness, crl::RefreshJob
// for watch.
#include "policies/crl_seam.h"

#include "crl/master_list.h"
#include "crl/refresh_job.h"
#include "crl/source_store.h"
#include "lib/core/counted.h"
#include "lib/core/error.h"
#include "lib/core/rfc3339.h"

#include <chrono>

namespace certctl::policies {

std::unique_ptr<certs::RevocationLookup> revocation_lookup(storage::Store& store) {
    return crl::make_revocation_lookup(store.paths());
}

std::vector<CrlState> crl_states(storage::Store& store) {
    std::vector<CrlState> out;
    for (const crl::Source& s : crl::SourceStore(store.db()).list()) {
        CrlState c;
        c.name = s.name;
        if (s.last_success) {
            c.last_success = core::parse_time(*s.last_success);
        }
        c.consecutive_failures = s.consecutive_failures;
        out.push_back(std::move(c));
    }
    return out;
}

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
                log("crl " + r.name + " updated: " + core::counted(r.entries, "entry", "entries") + " (+" + std::to_string(r.added) +
                    " -" + std::to_string(r.removed) + ")" + (r.stale ? ", stale" : ""));
            }
        }
        return pass;
    });
}

}  // namespace certctl::policies
