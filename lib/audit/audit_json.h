// lib/audit/audit_json.h — audit events and alarms as JSON, the same in `audit list --json`,
// `alarm list --json` and the REST API.
#pragma once
#include "lib/audit/alarm_store.h"
#include "lib/audit/audit_log.h"

#include <nlohmann/json.hpp>

namespace certctl::audit {

nlohmann::json event_json(const Event& e);
nlohmann::json alarm_json(const Alarm& a);

}  // namespace certctl::audit
