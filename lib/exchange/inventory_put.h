// lib/exchange/inventory_put.h — an exchanged certificate as a row of the inventory (certs::Inventory).
#pragma once
#include "lib/storage/database.h"

#include <botan/x509cert.h>
#include <optional>
#include <string>

namespace certctl::exchange {

struct InventoryRow {
    std::string name;
    std::string purpose;
    std::string chain_pem;
    std::string key_name;  // empty: none
    std::string trust_bundle;  // the bundle the file was verified against, if one was named
    std::string imported;  // RFC 3339
};

// Inserts the row, or replaces an imported row of that name (keeping its policy and action, back in
// service); a tracked or issued row of that name is Error(usage). Returns true when a row was replaced.
// Call inside a transaction.
bool put_inventory_certificate(storage::Database& db, const InventoryRow& row, const Botan::X509_Certificate& cert);

// The store key whose public key is the certificate's, if any (keys.public_key_sha256).
std::optional<std::string> key_for_certificate(storage::Database& db, const Botan::X509_Certificate& cert);

}  // namespace certctl::exchange
