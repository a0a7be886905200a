// crl/source_json.h — a CRL source's JSON shape, the same in `crl list --json` and the REST API.
#pragma once
#include "crl/source_store.h"
#include "lib/core/clock.h"

#include <nlohmann/json.hpp>

namespace certctl::crl {

// ok | stale | failing | never-fetched
std::string state_of(const Source& s, core::TimePoint now);
nlohmann::json source_json(const Source& s, core::TimePoint now);

}  // namespace certctl::crl
