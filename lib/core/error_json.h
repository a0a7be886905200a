// lib/core/error_json.h — an error's JSON shape, the same from every front door:
// {"error": {"code", "message", "subject", "hint"}} (`certctl --json` on stdout, the REST API's error bodies).
#pragma once
#include "lib/core/error.h"

#include <nlohmann/json.hpp>

namespace certctl::core {

nlohmann::json error_json(const Error& e);

}  // namespace certctl::core
