// lib/storage/schema_image.h — a new store's database as bytes, made at build time from the schema snapshot
// (lib/storage/make_schema_image.cpp): creating a store writes them instead of running the schema.
#pragma once
#include <cstddef>

namespace certctl::storage {

struct SchemaImage {
    const unsigned char* data;
    std::size_t size;
    int version;  // the schema version inside (PRAGMA user_version)
};

SchemaImage schema_image();

}  // namespace certctl::storage
