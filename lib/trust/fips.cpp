// lib/trust/fips.cpp — FIPS 140 / SP 800-131A: no SHA-1 or MD5 signatures, no RSA below 2048 bits.
#include "lib/trust/fips.h"

namespace certctl::trust {

namespace {
std::optional<std::string> violation(const std::string& hash, const std::string& algorithm, const std::string& key,
                                     std::size_t bits) {
    if (hash == "SHA-1" || hash == "MD5") {
        return "signed with " + hash + " (" + algorithm + "): not FIPS compliant";
    }
    if (key == "RSA" && bits < k_fips_min_rsa_bits) {
        return "RSA key of " + std::to_string(bits) + " bits (FIPS needs at least " +
               std::to_string(k_fips_min_rsa_bits) + ")";
    }
    return std::nullopt;
}
}  // namespace

std::optional<std::string> fips_violation(const certs::CertSummary& s) {
    return violation(s.signature_hash, s.signature_algorithm, s.key_algorithm, s.key_bits);
}

std::optional<std::string> fips_violation(const certs::CertFacts& f) {
    return violation(f.signature_hash, f.signature_algorithm, f.key_algorithm, f.key_bits);
}

}  // namespace certctl::trust
