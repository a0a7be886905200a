// lib/certs/cert_role_scan.h — what `check` judges a stored certificate on without a trust bundle (its dates,
// key usage, extended key usage, basic constraints and public key strength), read straight from the DER.
// Botan's X509_Certificate parses everything (names, every extension, fingerprints, a signature check of
// self-issued certificates) and was half of a check of a large inventory. This reader answers only for
// certificates it can vouch Botan 2.19 would read to the same facts: strict DER, the string, time, key and
// extension shapes below; for anything else it answers nothing and the caller asks Botan.
#pragma once
#include "lib/certs/cert_summary.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace certctl::certs {

struct RoleScan {
    std::int64_t not_before = 0;  // seconds since the epoch (whole seconds, as Botan compares them)
    std::int64_t not_after = 0;
    CertSummary role;              // only key_usage, extended_key_usage, has_basic_constraints, is_ca
    std::string key_algorithm;     // Botan's name: "RSA", "ECDSA", "Ed25519"
    std::size_t key_bits = 0;      // Botan's key_length(): RSA modulus bits, EC field bits, 255
    std::size_t key_strength = 0;  // Botan's estimated_strength()
};

// The facts, or nullopt when this reader cannot vouch for them: the certificate is then read by Botan.
// Never throws.
std::optional<RoleScan> scan_role(const std::uint8_t* der, std::size_t size);

}  // namespace certctl::certs
