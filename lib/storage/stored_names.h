// lib/storage/stored_names.h — the names of one kind of stored thing, across the owners' tables, for shell
// completion (`certctl __names KIND`): one read of one column, so it lives beside the schema, not in any owner.
#pragma once
#include "lib/storage/database.h"

#include <optional>
#include <string>
#include <vector>

namespace certctl::storage {

// KIND: keys, csrs, certs, cas, bundles, crls or users. Names sorted; nullopt for an unknown kind. SQLite
// errors are thrown as Database::select throws them.
std::optional<std::vector<std::string>> stored_names(Database& db, const std::string& kind);

}  // namespace certctl::storage
