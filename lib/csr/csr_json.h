// lib/csr/csr_json.h — a stored CSR's JSON shape, the same in `csr list --json` and the REST API.
#pragma once
#include "lib/csr/csr_store.h"

#include <nlohmann/json.hpp>
#include <optional>

namespace certctl::csr {

nlohmann::json days_json(const std::optional<long>& days);  // null when absent
nlohmann::json info_json(const CsrInfo& c);                 // without the PEM

}  // namespace certctl::csr
