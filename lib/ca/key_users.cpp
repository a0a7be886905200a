// lib/ca/key_users.cpp — a key's users, asked of each table's owner (see key_users.h).
#include "lib/ca/key_users.h"

#include "lib/ca/local_ca.h"
#include "lib/certs/inventory.h"
#include "lib/csr/csr_store.h"

namespace certctl::ca {

keys::KeyUsers key_users(storage::Database& db, const std::string& key_name) {
    keys::KeyUsers out;
    out.csrs = csr::csrs_using_key(db, key_name);
    out.certificates = certs::Inventory(db).in_service_using_key(key_name);
    out.cas = cas_using_key(db, key_name);
    return out;
}

}  // namespace certctl::ca
