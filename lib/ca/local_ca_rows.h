// lib/ca/local_ca_rows.h — pieces of LocalCa shared by its source files (local_ca, ca_adopt, renewal); not an API.
#pragma once
#include "lib/ca/cert_issuer.h"
#include "lib/ca/local_ca.h"
#include "lib/certs/inventory.h"

#include <SQLiteCpp/Statement.h>
#include <memory>
#include <string>

namespace certctl::audit {
class AuditLog;
}  // namespace certctl::audit

namespace certctl::ca::detail {

// The CA's key through KeyAccess; a key gone from the store is Error(bad_input) (a damaged CA), not not_found.
std::unique_ptr<Botan::Private_Key> load_ca_key(const KeyAccess& keys, const CaInfo& ca);

// A row of ca_issued (k_insert_issued prepared as `q`).
extern const char* const k_insert_issued;
void insert_issued(SQLite::Statement& q, const std::string& ca, const IssuedCertificate& cert,
                   const std::string& profile, const std::string& name, const std::string& now);

// Renewal (renewal.cpp, renewal_batch.cpp): the inventory row to renew (Error(not_found)); the SAN extension
// value a certificate carries; the notAfter of a renewal without --days (the old lifetime in whole days, within
// the profile's maximum, never past the CA); the result; and the rows of one renewal: the CA's record, the
// inventory row (the old one to the history), the pending change for deploy targets and hooks, the end of any
// automatic-renewal backoff, and the audit event with old and new serial. Call store_renewal inside the
// transaction that commits the renewal.
certs::CertRecord renewable_record(storage::Database& db, const std::string& name);
// The CA and profile that issued the row's certificate (ca_issued by name and serial); Error(bad_input) when the
// row is not an issued one or no local CA has a record of its serial.
struct IssuedBy {
    std::string ca;
    std::string profile;
};
IssuedBy issued_by(storage::Database& db, const certs::CertRecord& record);
// The chain as one PEM text, as a renewal stores it beside the certificate.
std::string chain_pem(const std::vector<Botan::X509_Certificate>& chain);
std::vector<std::uint8_t> san_value(const Botan::X509_Certificate& cert);
core::TimePoint renewal_not_after(const CertificateIssuer& issuer, const Profile& p,
                                  const Botan::X509_Certificate& old, core::TimePoint now);
RenewResult renewal_result(const certs::CertRecord& old, const std::string& ca, const std::string& profile,
                           const IssuedCertificate& cert, bool rekey);
void store_renewal(storage::Database& db, audit::AuditLog& log, SQLite::Statement& insert_issued_q,
                   const certs::CertRecord& old, const std::string& ca, const std::string& profile,
                   const IssuedCertificate& cert, const std::string& chain_pem, const std::string& when, bool rekey);

}  // namespace certctl::ca::detail
