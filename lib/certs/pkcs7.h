// lib/certs/pkcs7.h — certificates-only PKCS#7 SignedData (.p7b), read and written with Botan's BER/DER
// coders (Botan 2.19 has no PKCS#7 parser), and the zero-copy walk over its certificates that `check`'s file
// scanner (cert_scan) uses.
#pragma once
#include "lib/core/der.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace certctl::certs {

struct Pkcs7Contents {
    std::vector<std::vector<std::uint8_t>> certificates;  // DER of each certificate, in file order
    std::vector<std::string> notes;                       // what was present but not taken (CRLs, signers)
};

// True when `der` starts like a ContentInfo of type signedData (1.2.840.113549.1.7.2).
bool looks_like_pkcs7(const std::vector<std::uint8_t>& der);

// Throws core::Error(bad_input) naming `source` when the DER is not a readable SignedData.
Pkcs7Contents read_pkcs7(const std::vector<std::uint8_t>& der, const std::string& source);

// The fast path, for scanning many files: the contents of a DER SignedData's [0] certificates (a SET of
// certificate choices; empty for a bundle without certificates), without copying or decoding anything, or
// nothing when `top` is not a ContentInfo of type signedData. DER only (no indefinite lengths), and as tolerant
// as a scanner is: what cannot be read is not a bundle, and no notes are kept (read_pkcs7 is the full reader).
std::optional<core::ByteSpan> pkcs7_certificate_set(const core::Tlv& top);

// Calls `each(const core::Tlv&)` with every certificate choice of a DER SignedData, in file order, until a TLV
// cannot be read. Returns false when `top` is not a SignedData. A template, so the per-certificate call inlines.
template <typename Each>
bool for_each_pkcs7_certificate(const core::Tlv& top, Each&& each) {
    const std::optional<core::ByteSpan> set = pkcs7_certificate_set(top);
    if (!set) {
        return false;
    }
    const std::uint8_t* p = set->data;
    core::Tlv cert;
    while (core::next_tlv(p, set->end(), cert)) {
        each(cert);
    }
    return true;
}

// A degenerate SignedData (no signers, no CRLs) carrying `certificates`, as `openssl crl2pkcs7 -nocrl` writes.
std::vector<std::uint8_t> write_pkcs7(const std::vector<std::vector<std::uint8_t>>& certificates);

}  // namespace certctl::certs
