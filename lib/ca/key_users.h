// lib/ca/key_users.h — what refers to a stored key. Here, not in lib/keys: the tables it asks (csrs,
// certificates, cas) belong to layers above the key store, and lib/ca is the lowest that sees all three.
#pragma once
#include "lib/keys/key_store.h"
#include "lib/storage/database.h"

#include <string>

namespace certctl::ca {

// CSRs with key_name = NAME; certificates in service with key_name = NAME (or, when they name no key,
// with the same name as the key); local CAs with key_name = NAME. Each list by name.
keys::KeyUsers key_users(storage::Database& db, const std::string& key_name);

}  // namespace certctl::ca
