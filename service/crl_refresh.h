// service/crl_refresh.h — the CRL refresh job (crl::RefreshJob) as one of `watch`'s scheduled passes.
#pragma once
#include "lib/core/clock.h"
#include "lib/storage/store.h"

#include <functional>
#include <optional>
#include <string>

namespace certctl::service {

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

}  // namespace certctl::service
