// lib/exchange/exchange_summary.h — what a file carries, for `exchange show` (nothing is verified here).
#pragma once
#include "lib/exchange/exchange_file.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace certctl::exchange {

struct ItemSummary {
    std::string field;        // "id_cert", "tg_csr"
    std::string type;         // "certificate" | "csr"
    bool parsed = false;
    std::string error;        // when not parsed
    std::string subject;      // DN, "CN=..., O=..."
    std::string issuer;       // certificates
    std::string serial;       // lower-case hex
    std::string not_before;   // RFC 3339
    std::string not_after;
    std::string key;          // "ECDSA 256", "RSA 2048"
    std::string fingerprint;  // SHA-256 of the DER, lower-case hex
    bool ca = false;
    bool is_signed = false;   // inside :data: (responses)
};

struct FileSummary {
    FileKind kind = FileKind::registration;
    std::vector<std::pair<std::string, std::string>> values;  // scalar fields present, normalised name -> text
    std::vector<ItemSummary> items;                           // certificates and CSRs, in file order of roles
    bool has_local_sub_ca_cert = false;                       // the 3-tier CA: present once issued
    std::vector<std::string> unsigned_keys;
    std::optional<std::size_t> signed_bytes;                  // responses: size of the signed range
};

FileSummary summarise(const ExchangeFile& file);

}  // namespace certctl::exchange
