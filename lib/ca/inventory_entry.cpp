// lib/ca/inventory_entry.cpp — the inventory row of an issued certificate, through certs::Inventory.
#include "lib/ca/inventory_entry.h"

#include "lib/certs/inventory.h"
#include "lib/certs/lifecycle_store.h"
#include "lib/certs/purpose.h"
#include "lib/core/rfc3339.h"

#include <algorithm>

namespace certctl::ca {

namespace {
// The inventory's purpose: the profile's own name when certs knows it, else what its EKU says.
std::string purpose_for(const Profile& profile) {
    const std::vector<std::string> names = certs::purpose_names();
    if (std::find(names.begin(), names.end(), profile.name) != names.end()) {
        return profile.name;
    }
    if (profile.ca) {
        return "ca";
    }
    const auto has = [&](const char* eku) {
        return std::find(profile.extended_key_usage.begin(), profile.extended_key_usage.end(), eku) !=
               profile.extended_key_usage.end();
    };
    if (has("serverAuth") && has("clientAuth")) {
        return "peer";
    }
    if (has("serverAuth")) {
        return "tls-server";
    }
    if (has("clientAuth")) {
        return "tls-client";
    }
    if (has("codeSigning")) {
        return "code-signing";
    }
    return "any";
}
}  // namespace

std::optional<std::string> inventory_source(storage::Database& db, const std::string& name) {
    return certs::Inventory(db).source_of(name);
}

struct InventoryWriter::Impl {
    explicit Impl(storage::Database& db) : inventory(db), lifecycle(db) {}
    certs::Inventory inventory;
    certs::LifecycleStore lifecycle;
};

InventoryWriter::InventoryWriter(storage::Database& db) : m_impl(std::make_unique<Impl>(db)) {}
InventoryWriter::~InventoryWriter() = default;

certs::CertRecord issued_record(const std::string& name, const IssuedCertificate& cert, const std::string& chain_pem,
                                const std::string& purpose, const std::string& now) {
    certs::CertRecord r;
    r.name = name;
    r.source = "issued";
    r.der = cert.der;
    r.chain_pem = chain_pem;
    r.purpose = purpose;
    r.subject = cert.subject;
    r.issuer = cert.issuer;
    r.serial = cert.serial;
    r.not_before = core::format_rfc3339(cert.not_before);
    r.not_after = core::format_rfc3339(cert.not_after);
    r.fingerprint = cert.fingerprint;
    r.imported = now;
    return r;
}

void InventoryWriter::put(const std::string& name, const IssuedCertificate& cert, const Profile& profile,
                          const std::string& chain_pem, const std::string& now) {
    const certs::CertRecord r = issued_record(name, cert, chain_pem, purpose_for(profile), now);
    const bool reissued = m_impl->inventory.exists(name);
    if (reissued) {  // re-issued under the same name (the caller checked: source 'issued')
        m_impl->inventory.remove(name);
    }
    m_impl->inventory.add(r);
    if (reissued) {  // a replacement: deploy targets and hooks follow it
        m_impl->lifecycle.record_change(name, "replace", cert.fingerprint, now);
    }
}

}  // namespace certctl::ca
