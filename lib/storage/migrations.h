// lib/storage/migrations.h — numbered, append-only schema steps applied by PRAGMA user_version.
#pragma once
#include <vector>

namespace certctl::storage {

struct Migration {
    int version;
    const char* name;
    const char* sql;
};

// Never edit a released step: a fix is a new step at the end, and schema_snapshot.cpp (what a new store is
// created at) changes with it; a unit test compares the two.
const std::vector<Migration>& migrations();

}  // namespace certctl::storage
