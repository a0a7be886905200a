// lib/storage/stored_names.cpp — KIND -> the query of its names.
#include "lib/storage/stored_names.h"

#include <map>

namespace certctl::storage {

std::optional<std::vector<std::string>> stored_names(Database& db, const std::string& kind) {
    static const std::map<std::string, const char*> queries = {
        {"keys", "SELECT name FROM keys ORDER BY name"},
        {"csrs", "SELECT name FROM csrs ORDER BY name"},
        {"certs", "SELECT name FROM certificates ORDER BY name"},
        {"cas", "SELECT name FROM cas ORDER BY name"},
        {"bundles", "SELECT name FROM trust_bundles ORDER BY name"},
        {"crls", "SELECT name FROM crl_sources ORDER BY name"},
        {"users", "SELECT name FROM api_users ORDER BY name"},
    };
    const auto query = queries.find(kind);
    if (query == queries.end()) {
        return std::nullopt;
    }
    return db.select<std::string>(
        query->second, [](SQLite::Statement&) {}, [](SQLite::Statement& q) { return q.getColumn("name").getString(); });
}

}  // namespace certctl::storage
