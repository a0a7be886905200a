// lib/certs/tracked_file.h — a tracked row as the file on disk is now, not as it was when tracked.
#pragma once
#include "lib/certs/inventory.h"

#include <optional>
#include <string>

namespace certctl::certs {

// For a tracked row: reads its file and replaces the certificate fields (subject, issuer, serial, dates,
// fingerprint) with those of the file's first certificate, so every command that lists, shows, counts
// or checks the row agrees with the file as it is now. The file is read on every call rather than only
// when its size or mtime changed: a replacement within the same second and of the same size would
// otherwise go unnoticed, and tracked files are few and small.
// Returns why the file cannot be read (the row keeps its stored fields), or nullopt. Never throws.
// Rows of other sources are left alone.
std::optional<std::string> refresh_tracked(CertRecord& record);

}  // namespace certctl::certs
