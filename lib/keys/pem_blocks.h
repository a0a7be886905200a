// lib/keys/pem_blocks.h — splits PEM text into labelled blocks, telling a truncated file from garbage.
#pragma once
#include <botan/secmem.h>

#include <cstdint>
#include <string>
#include <vector>

namespace certctl::keys {

struct PemBlock {
    std::string label;              // "PRIVATE KEY", "CERTIFICATE REQUEST", ...
    // Empty when the body is not plain base64 (e.g. legacy "Proc-Type:" headers). A secure_vector: for a private
    // key these are its bytes in clear, wiped when the block goes.
    Botan::secure_vector<std::uint8_t> der;
    bool has_headers = false;       // "Proc-Type:"/"DEK-Info:" lines: a legacy OpenSSL-encrypted key
};

// True when `text` contains a "-----BEGIN " line: the caller should treat it as PEM, not DER.
bool looks_like_pem(const std::string& text);

// Every block in order; text outside blocks is ignored. A BEGIN without its END throws
// Error(bad_input) "truncated PEM" naming `source`.
std::vector<PemBlock> split_pem(const std::string& text, const std::string& source, const std::string& action);

// "-----BEGIN LABEL-----" with 64-column base64 and the END line.
std::string pem_encode(const std::vector<std::uint8_t>& der, const std::string& label);

}  // namespace certctl::keys
