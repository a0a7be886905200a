// lib/exchange/inventory_put.cpp — writes exchanged certificates into the inventory (certs::Inventory).
#include "lib/exchange/inventory_put.h"

#include "lib/certs/cert_summary.h"
#include "lib/certs/inventory.h"
#include "lib/core/error.h"
#include "lib/core/rfc3339.h"
#include "lib/csr/subject.h"
#include "lib/exchange/exchange_signature.h"
#include "lib/keys/key_store.h"

#include <botan/hash.h>
#include <botan/hex.h>
#include <botan/pkix_types.h>

namespace certctl::exchange {

bool put_inventory_certificate(storage::Database& db, const InventoryRow& row, const Botan::X509_Certificate& cert) {
    certs::Inventory inventory(db);
    certs::CertRecord rec;
    const std::optional<certs::CertRecord> existing = inventory.find(row.name);
    if (existing) {
        if (existing->source != "imported") {
            throw core::Error(core::Errc::usage, "cannot import exchange file", row.name,
                              "the inventory already has a " + existing->source + " certificate called " + row.name,
                              "remove it with `certctl cert remove " + row.name + "` first");
        }
        rec.policy = existing->policy;  // a renewal keeps what the operator set
        rec.action = existing->action;
        inventory.remove(row.name);
    }
    rec.name = row.name;
    rec.source = "imported";
    rec.der = cert.BER_encode();
    rec.chain_pem = row.chain_pem;
    rec.purpose = row.purpose;
    rec.subject = csr::dn_to_string(cert.subject_dn());
    rec.issuer = csr::dn_to_string(cert.issuer_dn());
    rec.serial = Botan::hex_encode(cert.serial_number(), false);
    rec.not_before = certs::time_rfc3339(cert.not_before());
    rec.not_after = certs::time_rfc3339(cert.not_after());
    rec.fingerprint = certs::fingerprint_sha256(cert);
    rec.key_name = row.key_name;
    rec.trust_bundle = row.trust_bundle;
    rec.validation_mode = "strict";
    rec.imported = row.imported;
    inventory.add(rec);
    return existing.has_value();
}

std::optional<std::string> key_for_certificate(storage::Database& db, const Botan::X509_Certificate& cert) {
    return keys::key_with_public_key(db, certs::fingerprint_sha256(cert.subject_public_key_info()));
}

}  // namespace certctl::exchange
