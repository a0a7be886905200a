// lib/ca/crl_writer.h — a v2 CRL encoded as a stream and signed as it goes (RFC 5280 5.1).
// Botan's X509_CA::new_crl builds one object with its own Extensions map per entry; for a million
// entries that is seconds and hundreds of MB. Here each entry is a fixed 32-byte record and the DER is
// produced twice from them: once into the signer, once into the output, so memory stays at the records
// plus one buffer whatever the CRL's size.
#pragma once
#include "lib/core/clock.h"

#include <botan/pk_keys.h>
#include <botan/pkix_types.h>
#include <botan/rng.h>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace certctl::ca {

struct RevokedEntry {
    std::uint8_t serial[20];    // big-endian magnitude, no sign byte (RFC 5280: at most 20 octets)
    std::uint8_t serial_len = 0;
    std::uint8_t reason = 0;    // CRLReason; 0 (unspecified) is written without an entry extension
    std::int64_t revoked_at = 0;  // unix seconds

    // From lower-case hex (as stored); false if it is not 1..20 bytes of hex.
    bool set_serial_hex(const char* hex, std::size_t len);
};

struct CrlParams {
    Botan::X509_DN issuer;
    std::vector<std::uint8_t> authority_key_id;
    std::uint64_t crl_number = 1;
    core::TimePoint this_update;
    core::TimePoint next_update;
    std::string idp_url;  // IssuingDistributionPoint, matching the CDP of what the CA issued (empty: none)
    std::string hash = "SHA-256";
};

enum class CrlFormat { der, pem };

// Calls `sink` with consecutive pieces of the encoded CRL (DER, or PEM "X509 CRL"). Returns the number
// of bytes passed to the sink.
std::uint64_t write_crl(const CrlParams& params, const std::vector<RevokedEntry>& entries,
                        const Botan::Private_Key& key, Botan::RandomNumberGenerator& rng, CrlFormat format,
                        const std::function<void(const std::uint8_t*, std::size_t)>& sink);

}  // namespace certctl::ca
