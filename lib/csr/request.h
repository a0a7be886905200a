// lib/csr/request.h — PKCS#10 requests (RFC 2986): writing ours, reading anyone's with the signature checked.
//
// The requested validity travels as a non-critical extension in the extensionRequest attribute:
//   OID 2.25.279870610414058052254078412522873475379 (a UUID OID, ITU-T X.667), value DER INTEGER = days.
// OpenSSL shows it as an unknown extension and ignores it when signing; certctl's CA reads it. Botan 2 cannot
// parse this OID (its arcs are 32-bit), so never hand our CSRs to Botan::PKCS10_Request: use read_request().
#pragma once
#include "lib/csr/subject.h"
#include "lib/csr/subject_alt_names.h"

#include <botan/pk_keys.h>
#include <botan/rng.h>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace certctl::csr {

inline constexpr const char* k_requested_validity_oid = "2.25.279870610414058052254078412522873475379";
inline constexpr const char* k_subject_alt_name_oid = "2.5.29.17";
inline constexpr long k_max_validity_days = 36500;

struct RequestExtension {
    std::string oid;                   // dotted
    bool critical = false;
    std::vector<std::uint8_t> value;   // the extnValue OCTET STRING's contents
};

struct Request {
    std::vector<std::uint8_t> der;
    Botan::X509_DN subject_dn;
    Subject subject;                                  // the fields certctl knows, from subject_dn
    std::string subject_text;                         // dn_to_string(subject_dn)
    std::shared_ptr<const Botan::Public_Key> public_key;
    std::vector<std::uint8_t> public_key_der;         // the SubjectPublicKeyInfo as found in the request
    std::string key_algorithm;                        // "ec:secp256r1", "rsa:2048"; else e.g. "RSA-1024", "Ed25519"
    std::size_t key_bits = 0;
    std::string public_key_sha256;                    // of the DER SubjectPublicKeyInfo
    std::string signature_algorithm;                  // e.g. "ECDSA/EMSA1(SHA-256)"
    bool signature_valid = false;
    SubjectAltNames sans;
    std::optional<long> validity_days;                // our requested-validity extension, when present
    std::vector<RequestExtension> extensions;         // every requested extension, in order

    std::string pem() const;
    // The requested extension with this dotted OID, or nullptr. For the SAN: extension(k_subject_alt_name_oid)
    // ->value is the GeneralNames DER, ready to be copied into a certificate by a CA that allows it.
    const RequestExtension* extension(const std::string& oid) const;
};

// Builds and signs a request: subject, the SANs (plus the subject's e-mail as rfc822Name), and the
// requested validity when given. ECDSA signs with SHA-256/384/512 by curve size, RSA with PKCS#1 v1.5 SHA-256.
// Inputs must be validated (Subject::validate, SubjectAltNames::validate, 1..k_max_validity_days).
std::vector<std::uint8_t> build_request(const Botan::Private_Key& key, const Subject& subject,
                                        const SubjectAltNames& sans, std::optional<long> validity_days,
                                        Botan::RandomNumberGenerator& rng);

// Parses PEM ("CERTIFICATE REQUEST" / "NEW CERTIFICATE REQUEST", exactly one) or DER without judging the
// signature (signature_valid tells). Error(bad_input) naming `source` for anything that is not one request.
Request parse_request(const std::string& bytes, const std::string& source);

// parse_request, and Error(bad_input) "signature does not verify" unless the self-signature is good.
// This is the reader for everyone who takes a CSR (ca issue, exchange).
Request read_request(const std::string& bytes, const std::string& source);

}  // namespace certctl::csr
