// policies/inventory_reader.h — the inventory as evaluation sees it: certs::Inventory's rows, and the
// policy settings evaluation acts on.
#pragma once
#include "lib/certs/inventory.h"
#include "lib/storage/database.h"

#include <optional>
#include <string>
#include <vector>

namespace certctl::policies {

using InventoryRow = certs::CertRecord;

std::vector<InventoryRow> read_inventory(storage::Database& db);
std::optional<InventoryRow> find_certificate(storage::Database& db, const std::string& name);

// Sets the policy; an absent action or restore action keeps the stored one, "" removes it.
// Error(not_found) when there is no such certificate. Call inside a transaction.
void set_policy(storage::Database& db, const std::string& name, const std::string& policy,
                const std::optional<std::string>& action, const std::optional<std::string>& restore_action);
void set_state(storage::Database& db, const std::string& name, const std::string& state);

}  // namespace certctl::policies
