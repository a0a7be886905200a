// lib/certs/cert_parser.h — certificates out of whatever an operator hands us: PEM (many), DER, PKCS#7
// (PEM or DER); a file that carries a private key is refused before anything else is looked at.
#pragma once
#include <botan/x509cert.h>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace certctl::certs {

// What a private-key refusal says (also the audit reason), so callers can recognise it.
inline constexpr const char* k_private_key_reason = "the file carries a private key";

// One certificate-shaped thing in a file: parsed, or why not.
struct CertItem {
    std::optional<Botan::X509_Certificate> cert;  // empty when not decoded (see read_certificate_file)
    std::vector<std::uint8_t> der;                // the encoding, when the container could be read
    std::string where;  // "certificate 2" (1-based position in the file)
    std::string error;  // set when cert is empty
};

struct CertFile {
    std::string format;  // "pem", "der", "pkcs7-pem", "pkcs7-der"
    std::vector<CertItem> items;
    std::vector<std::string> notes;  // things present but not taken (CRLs in a .p7b, other PEM blocks)
};

// True when `bytes` holds a private key: a PEM block labelled "... PRIVATE KEY", or DER shaped like
// PKCS#8 (plain or encrypted), PKCS#1 RSA or SEC1 EC private keys.
bool contains_private_key(const std::string& bytes);

// Reads every certificate, keeping unparsable ones as items with an error (a bundle report lists them).
// Throws core::Error(bad_input) naming `source` for: a private key (k_private_key_reason, checked first),
// an empty file, a truncated PEM or PKCS#7, and input that holds no certificate at all.
// With `decode` false, items carry only their DER (no X509_Certificate is built: see cert_facts.h).
CertFile read_certificate_file(const std::string& bytes, const std::string& source, bool decode = true);

// Like read_certificate_file, but every item must parse (else Error(bad_input) with the item's reason).
// The certificates are in file order; never empty.
std::vector<Botan::X509_Certificate> parse_certificates(const std::string& bytes, const std::string& source);

}  // namespace certctl::certs
