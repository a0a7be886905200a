// lib/certs/key_strength.h — the minimum public key strength of path validation, for every key in a path.
// Botan checks an issuer's key when it verifies a signature with it; an end entity's key signs nothing in
// the path, so it is checked here, by the same measure (Botan's estimated strength in bits).
#pragma once
#include <botan/x509cert.h>
#include <cstddef>
#include <optional>
#include <string>

namespace certctl::certs {

// 110 admits RSA 2048 and every NIST curve from P-224; legacy (80) admits RSA 1024.
inline constexpr std::size_t k_min_key_strength = 110;
inline constexpr std::size_t k_legacy_key_strength = 80;

inline std::size_t minimum_key_strength(bool allow_legacy_crypto) {
    return allow_legacy_crypto ? k_legacy_key_strength : k_min_key_strength;
}

// "public key too weak (RSA 1024 bits) ..." when the certificate's key is under the minimum, else nothing.
// An unreadable key is a finding too: nothing can be said about its strength.
std::optional<std::string> weak_key_finding(const Botan::X509_Certificate& cert, bool allow_legacy_crypto);
// The same for a key already read: Botan's algo_name(), key_length() and estimated_strength().
std::optional<std::string> weak_key_finding(const std::string& algorithm, std::size_t bits, std::size_t strength,
                                            bool allow_legacy_crypto);

}  // namespace certctl::certs
