// lib/csr/subject.h — the subject of a request as operators give it, checked before anything is signed.
#pragma once
#include <botan/pkix_types.h>
#include <nlohmann/json.hpp>
#include <string>

namespace certctl::csr {

struct Subject {
    std::string common_name;   // CN, required
    std::string country;       // C, two letters (stored upper case)
    std::string state;         // ST
    std::string locality;      // L
    std::string organization;  // O
    std::string org_unit;      // OU
    std::string email;         // emailAddress (IA5String); also a SAN rfc822Name in our CSRs

    // Throws Error(usage) naming the field: empty CN, country not two letters, a field longer than RFC 5280's
    // upper bound (CN/O/OU 64, ST/L 128, email 255), control characters, non-ASCII email or one without '@'.
    // Upper-cases the country.
    void validate();

    // C, ST, L, O, OU, CN, emailAddress in that order (the order OpenSSL's -subj uses), empty fields left out.
    Botan::X509_DN to_dn() const;
    // The fields we know from any DN (first value of each).
    static Subject from_dn(const Botan::X509_DN& dn);

    nlohmann::json to_json() const;
    static Subject from_json(const nlohmann::json& j);
};

// The one DN formatter: every subject and issuer certctl shows, stores or audits is written by these two
// functions from one attribute table (CN, C, ST, L, O, OU, serialNumber, emailAddress, DC, UID, street,
// postalCode, title, GN, SN); an attribute outside it is shown by its dotted OID.

// The short name of an attribute ("CN", "emailAddress"), or its dotted OID when the table does not name it.
std::string dn_attribute_name(const Botan::OID& oid);

// One line in encoding order, as OpenSSL prints subjects: "C=DE, O=Example, CN=web01.example.net". Values
// are escaped as in RFC 4514 2.4; every attribute of the DN is shown.
std::string dn_to_string(const Botan::X509_DN& dn);

// "/C=DE/O=Example/CN=web01.example.net", the one-line form the audit events use (as OpenSSL's
// X509_NAME_oneline): the same names and order, values unescaped.
std::string dn_to_slash_string(const Botan::X509_DN& dn);

}  // namespace certctl::csr
