// lib/certs/pem.h — splitting PEM text into labelled blocks without trusting Botan's 4 KiB peek.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace certctl::certs {

struct PemBlock {
    std::string label;              // "CERTIFICATE", "PKCS7", "PRIVATE KEY", ...
    std::vector<std::uint8_t> der;  // empty when the body is not plain base64 (legacy "Proc-Type:" headers)
    std::string error;              // why der is empty, when it is
};

// True when `text` holds at least one "-----BEGIN " marker.
bool looks_like_pem(const std::string& text);

// Every block in order; text outside blocks is ignored. Throws core::Error(bad_input) naming `source`
// when a block has no END line (a truncated file).
std::vector<PemBlock> split_pem(const std::string& text, const std::string& source);

// PRIVATE KEY, ENCRYPTED PRIVATE KEY, RSA/EC/DSA/OPENSSH PRIVATE KEY.
bool is_private_key_label(const std::string& label);

// PEM text of one DER object.
std::string pem_encode(const std::vector<std::uint8_t>& der, const std::string& label);

}  // namespace certctl::certs
