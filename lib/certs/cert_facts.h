// lib/certs/cert_facts.h — the few facts a trust bundle import and its FIPS check need, read with Botan's
// BER_Decoder field by field instead of through X509_Certificate.
// Botan's X509_Certificate verifies the signature of every self-signed certificate that lacks key
// identifiers while it parses (a scalar multiplication per root), which made a 10,000-certificate bundle
// take seconds; these facts cost a DER walk and a hash.
#pragma once
#include <botan/asn1_obj.h>
#include <botan/pkix_types.h>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace certctl::certs {

struct CertFacts {
    std::string fingerprint;      // SHA-256 of the DER, lower-case hex
    std::string subject;          // "CN=x, O=y"
    bool self_issued = false;     // subject == issuer
    Botan::X509_Time not_before;
    Botan::X509_Time not_after;
    std::string not_before_text;  // RFC 3339
    std::string not_after_text;
    bool has_basic_constraints = false;
    bool is_ca = false;
    std::optional<Botan::Key_Constraints> key_usage;  // absent: no KU extension
    std::string signature_algorithm;                  // "RSA/EMSA3(SHA-256)" or a dotted OID
    std::string signature_hash;                       // "SHA-256", "SHA-1", "MD5", "unknown"
    std::string key_algorithm;                        // "RSA", "ECDSA", ... or "unknown"
    std::size_t key_bits = 0;
};

// Throws core::Error(bad_input) with Botan's reason when `der` is not a well-formed certificate.
CertFacts read_cert_facts(const std::vector<std::uint8_t>& der);

}  // namespace certctl::certs
