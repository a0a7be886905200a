// policies/inventory_reader.cpp — SELECTs over `certificates` (migration 1) and the policy columns.
#include "policies/inventory_reader.h"

namespace certctl::policies {

namespace {
const char* k_columns =
    "SELECT name, source, COALESCE(path, ''), der, COALESCE(purpose, ''), state, policy, COALESCE(action, ''), "
    "COALESCE(restore_action, ''), COALESCE(fingerprint, ''), COALESCE(not_before, ''), COALESCE(not_after, '') "
    "FROM certificates";

InventoryRow row_of(SQLite::Statement& q) {
    InventoryRow r;
    r.name = q.getColumn(0).getString();
    r.source = q.getColumn(1).getString();
    r.path = q.getColumn(2).getString();
    const SQLite::Column der = q.getColumn(3);
    if (!der.isNull()) {
        const auto* p = static_cast<const std::uint8_t*>(der.getBlob());
        r.der.assign(p, p + der.getBytes());
    }
    r.purpose = q.getColumn(4).getString();
    r.state = q.getColumn(5).getString();
    r.policy = q.getColumn(6).getString();
    r.action = q.getColumn(7).getString();
    r.restore_action = q.getColumn(8).getString();
    r.fingerprint = q.getColumn(9).getString();
    r.not_before = q.getColumn(10).getString();
    r.not_after = q.getColumn(11).getString();
    return r;
}
}  // namespace

std::vector<InventoryRow> read_inventory(storage::Database& db) {
    std::vector<InventoryRow> rows;
    try {
        SQLite::Statement q(db.sql(), std::string(k_columns) + " ORDER BY name");
        while (q.executeStep()) {
            rows.push_back(row_of(q));
        }
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, "certificates");
    }
    return rows;
}

std::optional<InventoryRow> find_certificate(storage::Database& db, const std::string& name) {
    try {
        SQLite::Statement q(db.sql(), std::string(k_columns) + " WHERE name = ?");
        q.bind(1, name);
        if (q.executeStep()) {
            return row_of(q);
        }
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, name);
    }
    return std::nullopt;
}

void set_policy(storage::Database& db, const std::string& name, const std::string& policy,
                const std::optional<std::string>& action, const std::optional<std::string>& restore_action) {
    SQLite::Statement q(db.sql(),
                        "UPDATE certificates SET policy = ?, action = CASE WHEN ? THEN ? ELSE action END, "
                        "restore_action = CASE WHEN ? THEN ? ELSE restore_action END WHERE name = ?");
    q.bind(1, policy);
    q.bind(2, action.has_value() ? 1 : 0);
    if (action && !action->empty()) {
        q.bind(3, *action);
    } else {
        q.bind(3);
    }
    q.bind(4, restore_action.has_value() ? 1 : 0);
    if (restore_action && !restore_action->empty()) {
        q.bind(5, *restore_action);
    } else {
        q.bind(5);
    }
    q.bind(6, name);
    q.exec();
}

void set_state(storage::Database& db, const std::string& name, const std::string& state) {
    SQLite::Statement q(db.sql(), "UPDATE certificates SET state = ? WHERE name = ?");
    q.bind(1, state);
    q.bind(2, name);
    q.exec();
}

}  // namespace certctl::policies
