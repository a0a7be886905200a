// lib/exchange/cert_roles.h — the certificates an exchange file carries, one row per field (docs/exchange.md).
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace certctl::exchange {

inline constexpr const char* k_root = "root";  // the licensing root: never in the file, taken from trust

struct CertRole {
    const char* field;                 // YAML field name, normalised ("id_cert")
    const char* profile;               // lib/ca profile that issues it ("id-cert")
    const char* purpose;               // certs::purposes() name its inventory row gets on import
    std::vector<std::string> issuers;  // fields (or k_root) whose certificate may have signed it
    bool ca;                           // must be a CA (basicConstraints CA and keyCertSign), or must not be
    const char* eku;                   // if the certificate lists EKUs, this one must be among them; or nullptr
    bool in_authorization;             // one of the eight an authorization must carry
    const char* meaning;
};

// In the order certctl writes them under :authentication:.
const std::vector<CertRole>& cert_roles();
const CertRole* find_role(const std::string& field);

}  // namespace certctl::exchange
