// policies/crl_seam.h — where policies meets the CRL manager (crl/): revocation answers from the master
// list, CRL freshness for the metrics, and the refresh job `watch` schedules.
#pragma once
#include "lib/certs/revocation_lookup.h"
#include "lib/core/clock.h"
#include "lib/storage/store.h"
#include "policies/check_render.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace certctl::policies {

// The store's master list (crl::MasterList), or NoRevocationData.
std::unique_ptr<certs::RevocationLookup> revocation_lookup(storage::Store& store);

// Per CRL source: last success and consecutive failures; empty when the store has no CRL state.
std::vector<CrlState> crl_states(storage::Store& store);

// One pass of CRL refreshing (crl::RefreshJob): fetches what is due at `now` and returns when the next
// source is due, or nullopt when there are no sources (then watch checks again at its recheck interval).
// A failed source is news, not a throw: the job raises its alarm itself; `log` gets one line per source
// that was updated or failed.
struct CrlPass {
    std::optional<core::TimePoint> next_due;
    bool changed = false;  // a source was updated: revocation answers may differ, evaluate again
};
using CrlRefresh = std::function<CrlPass(core::TimePoint now)>;
// nullopt when no CRL manager is built in.
std::optional<CrlRefresh> crl_refresh_job(storage::Store& store, const core::Clock& clock,
                                          std::function<void(const std::string&)> log);

}  // namespace certctl::policies
