// lib/certs/key_usage.h — the one table of key usage and extended key usage names: what a summary prints
// and what a profile accepts come from the same rows.
#pragma once
#include <botan/pkix_enums.h>
#include <optional>
#include <string>
#include <vector>

namespace certctl::certs {

// RFC 5280 4.2.1.3, in bit order. `issuable`: a profile may ask for it (encipherOnly/decipherOnly only make
// sense with keyAgreement on DH keys, so the CA never sets them; a summary still names them).
struct KeyUsageName {
    const char* name;
    Botan::Key_Constraints bit;
    bool issuable;
};
const std::vector<KeyUsageName>& key_usage_names();

// RFC 5280 4.2.1.12. `issuable` as above: anyExtendedKeyUsage is recognised, never issued.
struct ExtendedKeyUsageName {
    const char* name;
    const char* oid;  // dotted
    bool issuable;
};
const std::vector<ExtendedKeyUsageName>& extended_key_usage_names();

// The names of the bits set in `usage`, in table order.
std::vector<std::string> key_usage_list(Botan::Key_Constraints usage);

// Name of an extended key usage OID ("serverAuth"), or its dotted form.
std::string eku_name(const std::string& oid);

// The dotted OID of an issuable extended key usage name, or nullopt.
std::optional<std::string> issuable_eku_oid(const std::string& name);

}  // namespace certctl::certs
