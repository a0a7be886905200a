// policies/crl_seam.h — where evaluation meets the CRL manager (crl/): revocation answers from the master
// list and CRL freshness for the metrics. The refresh job `watch` schedules is service/crl_refresh.h.
#pragma once
#include "lib/certs/revocation_lookup.h"
#include "lib/core/clock.h"
#include "lib/storage/store.h"
#include "policies/check_render.h"

#include <memory>
#include <string>
#include <vector>

namespace certctl::policies {

// The store's master list (crl::MasterList), or NoRevocationData.
std::unique_ptr<certs::RevocationLookup> revocation_lookup(storage::Store& store);

// Per CRL source: last success and consecutive failures; empty when the store has no CRL state.
std::vector<CrlState> crl_states(storage::Store& store);

}  // namespace certctl::policies
