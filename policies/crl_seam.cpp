// policies/crl_seam.cpp — the CRL manager's side of policies: the master list, source freshness and the
// refresh job, all from crl/ (see crl_seam.h).
#include "policies/crl_seam.h"

#include "crl/master_list.h"
#include "crl/refresh_job.h"
#include "crl/source_store.h"
#include "lib/core/rfc3339.h"

namespace certctl::policies {

std::unique_ptr<certs::RevocationLookup> revocation_lookup(storage::Store& store) {
    return crl::make_revocation_lookup(store.paths());
}

std::vector<CrlState> crl_states(storage::Store& store) {
    std::vector<CrlState> out;
    for (const crl::Source& s : crl::SourceStore(store.db()).list()) {
        CrlState state;
        state.name = s.name;
        if (s.last_success) {
            state.last_success = core::parse_time(*s.last_success, "last_success of CRL source " + s.name);
        }
        state.consecutive_failures = s.consecutive_failures;
        out.push_back(std::move(state));
    }
    return out;
}

std::optional<CrlRefresh> crl_refresh_job(storage::Store& store, const core::Clock& clock) {
    // A failing source is a result inside the report (its alarm is raised by the job), never a throw.
    return CrlRefresh([&store, &clock](core::TimePoint) -> std::optional<core::TimePoint> {
        crl::RefreshJob job(store, clock);
        return job.run({}, false).next_due;
    });
}

}  // namespace certctl::policies
