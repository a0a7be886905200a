// lib/certs/cert_json.h — an inventory row's JSON shape, the same in `cert list --json` and the REST API.
#pragma once
#include "lib/certs/inventory.h"
#include "lib/core/clock.h"

#include <nlohmann/json.hpp>
#include <string>

namespace certctl::certs {

// Whole days from `now` to `not_after` (negative once expired), or "-" when unknown.
std::string days_left(const std::string& not_after, core::TimePoint now);
// `days` from days_left(); `alarm` the active alarm's severity name, or empty.
nlohmann::json record_json(const CertRecord& r, const std::string& days, const std::string& alarm);

}  // namespace certctl::certs
