// lib/ca/local_ca_rows.h — pieces of LocalCa shared by its source files (local_ca, ca_adopt, renewal); not an API.
#pragma once
#include "lib/ca/cert_issuer.h"
#include "lib/ca/local_ca.h"

#include <SQLiteCpp/Statement.h>
#include <memory>
#include <string>

namespace certctl::ca::detail {

// The CA's key through KeyAccess; a key gone from the store is Error(bad_input) (a damaged CA), not not_found.
std::unique_ptr<Botan::Private_Key> load_ca_key(const KeyAccess& keys, const CaInfo& ca);

// A row of ca_issued (k_insert_issued prepared as `q`).
extern const char* const k_insert_issued;
void insert_issued(SQLite::Statement& q, const std::string& ca, const IssuedCertificate& cert,
                   const std::string& profile, const std::string& name, const std::string& now);

}  // namespace certctl::ca::detail
