// lib/trust/fips.h — the FIPS filter of `trust add --fips` and `trust probe --fips`.
#pragma once
#include "lib/certs/cert_facts.h"
#include "lib/certs/cert_summary.h"

#include <optional>
#include <string>

namespace certctl::trust {

inline constexpr std::size_t k_fips_min_rsa_bits = 2048;

// Why `s` is not acceptable in FIPS mode (SHA-1 or MD5 signature, RSA key under 2048 bits), or nothing.
// Applies to self-signed roots too: their self-signature is never checked, refusing them is policy.
std::optional<std::string> fips_violation(const certs::CertSummary& s);
std::optional<std::string> fips_violation(const certs::CertFacts& f);

}  // namespace certctl::trust
