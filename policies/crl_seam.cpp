// policies/crl_seam.cpp — the CRL manager's side of policies, empty until crl/ lands (see crl_seam.h).
#include "policies/crl_seam.h"

namespace certctl::policies {

std::unique_ptr<certs::RevocationLookup> revocation_lookup(storage::Store&) {
    return std::make_unique<certs::NoRevocationData>();
}

std::vector<CrlState> crl_states(storage::Store&) { return {}; }

std::optional<CrlRefresh> crl_refresh_job(storage::Store&, const core::Clock&) { return std::nullopt; }

}  // namespace certctl::policies
