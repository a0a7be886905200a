// lib/certs/cert_json.h — an inventory row's JSON shape, the same in `cert list --json` and the REST API.
#pragma once
#include "lib/certs/inventory.h"
#include "lib/core/clock.h"
#include "lib/core/json_text.h"

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

namespace certctl::certs {

// Whole days from `now` to `not_after` (negative once expired), or "-" when unknown.
std::string days_left(const std::string& not_after, core::TimePoint now);
// `days` from days_left(); `alarm` the active alarm's severity name, or empty.
nlohmann::json record_json(const CertRecord& r, const std::string& days, const std::string& alarm);
// record_json(r, days, alarm) written into `p` as its dump(2) text (a listing of 100,000 rows). `more` writes
// members of the caller's whose keys sort after "purpose" and before "serial" (cert list: renew_at, renewal).
void record_json_text(core::JsonText& p, const CertRecord& r, const std::string& days, const std::string& alarm,
                      const std::function<void(core::JsonText&)>& more = {});

}  // namespace certctl::certs
