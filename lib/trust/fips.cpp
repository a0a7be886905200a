// lib/trust/fips.cpp — FIPS 140 / SP 800-131A: no SHA-1 or MD5 signatures, no RSA below 2048 bits.
#include "lib/trust/fips.h"

namespace certctl::trust {

std::optional<std::string> fips_violation(const certs::CertSummary& s) {
    if (s.signature_hash == "SHA-1" || s.signature_hash == "MD5") {
        return "signed with " + s.signature_hash + " (" + s.signature_algorithm + "): not FIPS compliant";
    }
    if (s.key_algorithm == "RSA" && s.key_bits < k_fips_min_rsa_bits) {
        return "RSA key of " + std::to_string(s.key_bits) + " bits (FIPS needs at least " +
               std::to_string(k_fips_min_rsa_bits) + ")";
    }
    return std::nullopt;
}

}  // namespace certctl::trust
