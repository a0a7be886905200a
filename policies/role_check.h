// policies/role_check.h — "invalid" for a stored certificate: wrong role for its purpose, or a chain that
// no longer leads to its trust bundle. Its own validity dates are left to evaluate().
#pragma once
#include "lib/core/clock.h"
#include "lib/storage/database.h"
#include "policies/inventory_reader.h"

#include <optional>
#include <string>

namespace certctl::policies {

// Why the certificate `der` of `row` is invalid at `at`, or nullopt when it fits. Never throws for bad
// certificates (an unparsable one is invalid); a missing trust bundle is a reason too.
std::optional<std::string> invalid_reason(storage::Database& db, const core::Clock& clock, const InventoryRow& row,
                                          const std::vector<std::uint8_t>& der, core::TimePoint at);

}  // namespace certctl::policies
