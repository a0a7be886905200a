// policies/inventory_reader.h — reads the `certificates` table for evaluation. Until certs::Inventory is
// on main this is policies' own small SQL reader; swapping it is changing this one file.
#pragma once
#include "lib/storage/database.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace certctl::policies {

struct InventoryRow {
    std::string name;
    std::string source;   // imported | tracked | issued
    std::string path;     // tracked: the watched file
    std::vector<std::uint8_t> der;
    std::string purpose;  // "peer", "id-cert", ... or empty
    std::string state;    // in-service | out-of-service
    std::string policy;   // fail-soft | fail-hard
    std::string action;   // fail-hard action command, may be empty
    std::string restore_action;
    std::string fingerprint;
    std::string not_before;  // RFC 3339 as stored
    std::string not_after;
};

std::vector<InventoryRow> read_inventory(storage::Database& db);
std::optional<InventoryRow> find_certificate(storage::Database& db, const std::string& name);

// Policy columns.
void set_policy(storage::Database& db, const std::string& name, const std::string& policy,
                const std::optional<std::string>& action, const std::optional<std::string>& restore_action);
void set_state(storage::Database& db, const std::string& name, const std::string& state);

}  // namespace certctl::policies
