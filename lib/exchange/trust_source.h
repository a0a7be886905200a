// lib/exchange/trust_source.h — the roots an exchange file may chain to: a store bundle or a PEM file.
#pragma once
#include "lib/core/clock.h"
#include "lib/storage/database.h"

#include <botan/x509cert.h>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace certctl::exchange {

// Anchors of trust bundle `bundle` (trust::TrustStore), or of every bundle when std::nullopt.
// Error(not_found) for an unknown bundle.
std::vector<Botan::X509_Certificate> trusted_from_store(storage::Database& db, const core::Clock& clock,
                                                        const std::optional<std::string>& bundle);

// Every CERTIFICATE block of a PEM file (or one DER certificate). Error(not_found / bad_input).
std::vector<Botan::X509_Certificate> trusted_from_file(const std::filesystem::path& path);

}  // namespace certctl::exchange
