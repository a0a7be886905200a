// lib/storage/row.h — reading a column of a result row and binding a parameter: the one place that knows how
// SQLite hands back (and takes) NULL and blobs, so each table's row-mapping function reads columns by name, as
// its schema spells them, and its writes bind "nothing" the same way.
#pragma once
#include <SQLiteCpp/Column.h>
#include <SQLiteCpp/Statement.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace certctl::storage {

// NULL reads as "" (text columns certctl writes as NULL when empty).
inline std::string text(const SQLite::Column& c) {
    return c.isNull() ? std::string() : c.getString();
}

inline std::optional<std::string> optional_text(const SQLite::Column& c) {
    return c.isNull() ? std::nullopt : std::optional<std::string>(c.getString());
}

inline std::optional<std::int64_t> optional_int(const SQLite::Column& c) {
    return c.isNull() ? std::nullopt : std::optional<std::int64_t>(c.getInt64());
}

// NULL reads as empty.
inline std::vector<std::uint8_t> blob(const SQLite::Column& c) {
    const auto* p = static_cast<const std::uint8_t*>(c.getBlob());
    return p == nullptr ? std::vector<std::uint8_t>() : std::vector<std::uint8_t>(p, p + c.getBytes());
}

// The write side of text(): "" is bound as NULL.
inline void bind_text(SQLite::Statement& q, int index, const std::string& value) {
    if (value.empty()) {
        q.bind(index);
    } else {
        q.bind(index, value);
    }
}

// The write side of optional_text() and optional_int(): nothing is bound as NULL.
template <class T>
void bind_optional(SQLite::Statement& q, int index, const std::optional<T>& value) {
    if (value) {
        q.bind(index, *value);
    } else {
        q.bind(index);
    }
}

}  // namespace certctl::storage
