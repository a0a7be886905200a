// policies/inventory_reader.cpp — see inventory_reader.h.
#include "policies/inventory_reader.h"

namespace certctl::policies {

std::vector<InventoryRow> read_inventory(storage::Database& db) { return certs::Inventory(db).list(); }

std::optional<InventoryRow> find_certificate(storage::Database& db, const std::string& name) {
    return certs::Inventory(db).find(name);
}

void set_policy(storage::Database& db, const std::string& name, const std::string& policy,
                const std::optional<std::string>& action, const std::optional<std::string>& restore_action) {
    certs::Inventory inventory(db);
    const auto current = find_certificate(db, name);
    inventory.set_policy(name, policy, action ? *action : (current ? current->action : std::string()));
    if (restore_action) {
        inventory.set_restore_action(name, *restore_action);
    }
}

void set_state(storage::Database& db, const std::string& name, const std::string& state) {
    certs::Inventory(db).set_state(name, state);
}

}  // namespace certctl::policies
