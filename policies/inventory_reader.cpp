// policies/inventory_reader.cpp — certs::Inventory plus the restore_action column.
#include "policies/inventory_reader.h"

#include <map>

namespace certctl::policies {

namespace {
std::map<std::string, std::string> restore_actions(storage::Database& db) {
    std::map<std::string, std::string> out;
    try {
        SQLite::Statement q(db.sql(), "SELECT name, restore_action FROM certificates WHERE restore_action IS NOT NULL");
        while (q.executeStep()) {
            out[q.getColumn(0).getString()] = q.getColumn(1).getString();
        }
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, "certificates");
    }
    return out;
}

InventoryRow with_restore(certs::CertRecord r, const std::map<std::string, std::string>& restore) {
    InventoryRow row;
    static_cast<certs::CertRecord&>(row) = std::move(r);
    if (auto it = restore.find(row.name); it != restore.end()) {
        row.restore_action = it->second;
    }
    return row;
}
}  // namespace

std::vector<InventoryRow> read_inventory(storage::Database& db) {
    const auto restore = restore_actions(db);
    std::vector<InventoryRow> rows;
    for (certs::CertRecord& r : certs::Inventory(db).list()) {
        rows.push_back(with_restore(std::move(r), restore));
    }
    return rows;
}

std::optional<InventoryRow> find_certificate(storage::Database& db, const std::string& name) {
    auto r = certs::Inventory(db).find(name);
    if (!r) {
        return std::nullopt;
    }
    return with_restore(std::move(*r), restore_actions(db));
}

void set_policy(storage::Database& db, const std::string& name, const std::string& policy,
                const std::optional<std::string>& action, const std::optional<std::string>& restore_action) {
    certs::Inventory inventory(db);
    const auto current = find_certificate(db, name);
    inventory.set_policy(name, policy, action ? *action : (current ? current->action : std::string()));
    if (restore_action) {
        SQLite::Statement q(db.sql(), "UPDATE certificates SET restore_action = ? WHERE name = ?");
        if (restore_action->empty()) {
            q.bind(1);
        } else {
            q.bind(1, *restore_action);
        }
        q.bind(2, name);
        q.exec();
    }
}

void set_state(storage::Database& db, const std::string& name, const std::string& state) {
    certs::Inventory(db).set_state(name, state);
}

}  // namespace certctl::policies
