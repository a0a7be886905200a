// lib/certs/key_strength.cpp — weak_key_finding (see key_strength.h).
#include "lib/certs/key_strength.h"

#include <botan/pk_keys.h>
#include <memory>

namespace certctl::certs {

std::optional<std::string> weak_key_finding(const Botan::X509_Certificate& cert, bool allow_legacy_crypto) {
    std::unique_ptr<Botan::Public_Key> key;
    try {
        key = cert.load_subject_public_key();
    } catch (const std::exception& e) {
        return std::string("public key cannot be read (") + e.what() + ")";
    }
    return weak_key_finding(key->algo_name(), key->key_length(), key->estimated_strength(), allow_legacy_crypto);
}

std::optional<std::string> weak_key_finding(const std::string& algorithm, std::size_t bits, std::size_t strength,
                                            bool allow_legacy_crypto) {
    if (strength >= minimum_key_strength(allow_legacy_crypto)) {
        return std::nullopt;
    }
    return "public key too weak (" + algorithm + " " + std::to_string(bits) + " bits; " +
           (allow_legacy_crypto ? "under 1024-bit RSA strength even with --allow-legacy-crypto"
                                : "RSA keys under 2048 bits and curves under 224 bits fail; --allow-legacy-crypto "
                                  "accepts RSA >= 1024") +
           ")";
}

}  // namespace certctl::certs
