// lib/storage/row.h — reading a column of a result row: the one place that knows how SQLite hands back NULL
// and blobs, so each table's row-mapping function reads columns by name, as its schema spells them.
#pragma once
#include <SQLiteCpp/Column.h>

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

// NULL reads as empty.
inline std::vector<std::uint8_t> blob(const SQLite::Column& c) {
    const auto* p = static_cast<const std::uint8_t*>(c.getBlob());
    return p == nullptr ? std::vector<std::uint8_t>() : std::vector<std::uint8_t>(p, p + c.getBytes());
}

}  // namespace certctl::storage
