// policies/crl_seam.cpp — crl::MasterList for revocation, crl::SourceStore for freshness.
#include "policies/crl_seam.h"

#include "crl/master_list.h"
#include "crl/source_store.h"
#include "lib/core/rfc3339.h"

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

}  // namespace certctl::policies
