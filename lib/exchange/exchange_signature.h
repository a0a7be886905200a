// lib/exchange/exchange_signature.h — the signature of response files and root_cert_hash (docs/exchange.md).
#pragma once
#include <botan/pk_keys.h>
#include <botan/rng.h>
#include <botan/pkix_types.h>
#include <botan/x509cert.h>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace certctl::exchange {

// SHA-256 over `content` with the key, as `openssl dgst -sha256 -sign` makes it: RSASSA-PKCS1-v1_5 for RSA,
// ECDSA with a DER (r, s) for EC. Returns the raw signature. Error(usage) for other key types.
std::vector<std::uint8_t> sign_content(const std::string& content, const Botan::Private_Key& key,
                                       Botan::RandomNumberGenerator& rng);
// False for a wrong signature and for an unsupported key type (never throws on bad input).
bool verify_content(const std::string& content, const Botan::Public_Key& key, const std::vector<std::uint8_t>& sig);

// base64(SHA-256(DER of `root`)).
std::string root_cert_hash(const Botan::X509_Certificate& root);

// base64 with all whitespace removed first; std::nullopt if it is not base64.
std::optional<std::vector<std::uint8_t>> decode_base64(const std::string& text);

// A certificate written as base64 of its DER (certctl writes this) or of its PEM (readers also take it), or as
// PEM text itself (the :authentication: fields). Error(bad_input) naming `what` when it does not parse.
Botan::X509_Certificate decode_certificate(const std::string& text, const std::string& what);

// Base64 wrapped at 60 characters per line.
std::string base64_lines(const std::vector<std::uint8_t>& bytes);

}  // namespace certctl::exchange
