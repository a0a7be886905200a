// lib/ca/inventory_entry.cpp — the inventory row of an issued certificate.
#include "lib/ca/inventory_entry.h"

#include "lib/core/rfc3339.h"

#include <SQLiteCpp/Statement.h>

namespace certctl::ca {

std::optional<std::string> inventory_source(storage::Database& db, const std::string& name) {
    try {
        SQLite::Statement q(db.sql(), "SELECT source FROM certificates WHERE name = ?");
        q.bind(1, name);
        if (q.executeStep()) {
            return q.getColumn(0).getString();
        }
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, "inventory");
    }
    return std::nullopt;
}

struct InventoryWriter::Impl {
    explicit Impl(storage::Database& db)
        : insert(db.sql(),
                 "INSERT OR REPLACE INTO certificates(name, source, der, chain_pem, purpose, subject, issuer, serial,"
                 " not_before, not_after, fingerprint, imported) VALUES (?, 'issued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)") {}
    SQLite::Statement insert;
};

InventoryWriter::InventoryWriter(storage::Database& db) : m_impl(std::make_unique<Impl>(db)) {}
InventoryWriter::~InventoryWriter() = default;

void InventoryWriter::put(const std::string& name, const IssuedCertificate& cert, const std::string& profile,
                          const std::string& chain_pem, const std::string& now) {
    SQLite::Statement& q = m_impl->insert;
    q.reset();
    q.bind(1, name);
    q.bind(2, cert.der.data(), static_cast<int>(cert.der.size()));
    q.bind(3, chain_pem);
    q.bind(4, profile);
    q.bind(5, cert.subject);
    q.bind(6, cert.issuer);
    q.bind(7, cert.serial);
    q.bind(8, core::format_rfc3339(cert.not_before));
    q.bind(9, core::format_rfc3339(cert.not_after));
    q.bind(10, cert.fingerprint);
    q.bind(11, now);
    q.exec();
}

}  // namespace certctl::ca
