// lib/ca/inventory_entry.h — issued certificates enter the inventory (table certificates, source 'issued').
// Rows go through certs::Inventory; a name first issued here may be issued again (renewal).
#pragma once
#include "lib/ca/cert_issuer.h"
#include "lib/ca/profile.h"
#include "lib/certs/inventory.h"
#include "lib/storage/database.h"

#include <optional>
#include <string>

namespace certctl::ca {

// The source of the inventory row called `name`, if there is one ("imported", "tracked", "issued").
std::optional<std::string> inventory_source(storage::Database& db, const std::string& name);

// The inventory row of a certificate this CA issued (source 'issued', imported at `now`); `purpose` ""
// keeps a replaced row's purpose.
certs::CertRecord issued_record(const std::string& name, const IssuedCertificate& cert, const std::string& chain_pem,
                                const std::string& purpose, const std::string& now);

// Inserts (or, for a row that came from `ca issue` before, replaces) the row. Call inside the issue's
// transaction.
class InventoryWriter final {
public:
    explicit InventoryWriter(storage::Database& db);
    ~InventoryWriter();
    void put(const std::string& name, const IssuedCertificate& cert, const Profile& profile,
             const std::string& chain_pem, const std::string& now);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace certctl::ca
