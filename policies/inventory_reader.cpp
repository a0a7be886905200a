// policies/inventory_reader.cpp — certs::Inventory's rows with their restore_action.
#include "policies/inventory_reader.h"

#include <map>

namespace certctl::policies {

namespace {
InventoryRow with_restore(certs::CertRecord r, const std::map<std::string, std::string>& restore) {
    InventoryRow row;
    static_cast<certs::CertRecord&>(row) = std::move(r);
    if (auto it = restore.find(row.name); it != restore.end()) {
        row.restore_action = it->second;
    }
    return row;
}
}  // namespace

std::vector<InventoryRow> read_inventory(storage::Database& db, RowContent content) {
    certs::Inventory inventory(db);
    const auto restore = inventory.restore_actions();
    std::vector<certs::CertRecord> records =
        content == RowContent::whole ? inventory.list() : inventory.list_fields();
    std::vector<InventoryRow> rows;
    rows.reserve(records.size());  // rows are large: growing the vector moved each one a dozen times
    for (certs::CertRecord& r : records) {
        rows.push_back(with_restore(std::move(r), restore));
    }
    return rows;
}

std::optional<InventoryRow> find_certificate(storage::Database& db, const std::string& name) {
    certs::Inventory inventory(db);
    auto r = inventory.find(name);
    if (!r) {
        return std::nullopt;
    }
    return with_restore(std::move(*r), inventory.restore_actions());
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
