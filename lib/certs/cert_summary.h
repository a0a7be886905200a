// lib/certs/cert_summary.h — what an operator wants to know about a certificate, as plain values.
#pragma once
#include "lib/core/clock.h"

#include <botan/pkix_types.h>
#include <botan/x509cert.h>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace certctl::certs {

struct CertSummary {
    std::string subject;             // "CN=web01, O=Example" in encoding order
    std::string issuer;
    std::string common_name;         // first CN of the subject, or ""
    std::string serial;              // lower-case hex, no colons; "00" for 0, "-05" for -5
    std::string not_before;          // RFC 3339 UTC
    std::string not_after;
    std::string fingerprint;         // SHA-256 of the DER, lower-case hex
    std::string public_key_sha256;   // SHA-256 of the DER SubjectPublicKeyInfo (the keys table's column)
    std::string public_key;          // "RSA 2048", "ECDSA secp256r1"
    std::string key_algorithm;       // "RSA", "ECDSA", "Ed25519"
    std::size_t key_bits = 0;        // RSA modulus bits, EC field bits
    std::string signature_algorithm; // "sha256WithRSAEncryption"-like: "RSA/EMSA3(SHA-256)"
    std::string signature_hash;      // "SHA-256", "SHA-1" (Botan calls it SHA-160), "MD5", "unknown"
    std::vector<std::string> key_usage;           // RFC 5280 names: digitalSignature, keyCertSign, ...
    std::vector<std::string> extended_key_usage;  // serverAuth, clientAuth, ... or the dotted OID
    bool has_basic_constraints = false;
    bool is_ca = false;                           // basicConstraints cA
    std::optional<std::size_t> path_len;
    bool self_signed = false;
    std::vector<std::string> subject_alt_names;   // "DNS:web01.example.net", "IP:10.0.0.1", "email:..."
    std::vector<std::string> crl_urls;            // CRL distribution point URIs
    std::string issuer_slash;                     // "/C=US/O=Example/CN=CA", as the audit event writes it
};

// Never throws for a certificate Botan could construct.
CertSummary summarize(const Botan::X509_Certificate& cert);
// Only the fields certs::role_findings reads (key usage, extended key usage, basic constraints), the rest
// left empty: `check` asks it of every stored certificate, and the whole summary (names, fingerprints, the
// public key decoded) was a quarter of a check of the inventory.
CertSummary role_facts(const Botan::X509_Certificate& cert);

nlohmann::json to_json(const CertSummary& s);

// "2025-12-02T12:00:00Z" from an ASN.1 time, also for years Botan cannot turn into a time_point.
std::string time_rfc3339(const Botan::X509_Time& t);

// Whether `at` falls before notBefore / after notAfter (RFC 5280 4.1.2.5: both ends inclusive).
bool not_yet_valid(const Botan::X509_Certificate& cert, core::TimePoint at);
bool expired(const Botan::X509_Certificate& cert, core::TimePoint at);

// The one SHA-256 fingerprint: of the certificate's DER, of any DER (a certificate, a SubjectPublicKeyInfo) or
// of any bytes; lower-case hex, no colons.
std::string fingerprint_sha256(const Botan::X509_Certificate& cert);
std::string fingerprint_sha256(const std::vector<std::uint8_t>& der);
std::string fingerprint_sha256(const std::uint8_t* data, std::size_t size);

// "CN=x, O=y" in encoding order: csr::dn_to_string, the one DN formatter, under the name the callers in
// lib/certs, lib/trust and cli/ know.
std::string dn_string(const Botan::X509_DN& dn);

}  // namespace certctl::certs
