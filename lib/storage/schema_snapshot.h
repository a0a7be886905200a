// lib/storage/schema_snapshot.h — the schema a new store is created at, in one step.
#pragma once

namespace certctl::storage {

// The final schema that migrations 1..version produce, as one script of CREATE statements (no
// user_version). A new database runs it in a single transaction instead of every step in turn: the ALTER
// TABLEs of later steps make SQLite re-read its whole schema each time, most of what creating a store cost.
// Existing stores still migrate step by step. When a migration is added, this script and its version change
// with it: the unit test "the schema snapshot is exactly what the migrations make" compares the two.
struct SchemaSnapshot {
    int version;
    const char* sql;
};

const SchemaSnapshot& schema_snapshot();

}  // namespace certctl::storage
