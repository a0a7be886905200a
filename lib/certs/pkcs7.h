// lib/certs/pkcs7.h — certificates-only PKCS#7 SignedData (.p7b), read and written with Botan's BER/DER
// coders (Botan 2.19 has no PKCS#7 parser).
#pragma once
#include <cstdint>
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

// A degenerate SignedData (no signers, no CRLs) carrying `certificates`, as `openssl crl2pkcs7 -nocrl` writes.
std::vector<std::uint8_t> write_pkcs7(const std::vector<std::vector<std::uint8_t>>& certificates);

}  // namespace certctl::certs
