// lib/csr/csr_json.cpp — a CSR row as JSON.
#include "lib/csr/csr_json.h"

namespace certctl::csr {

nlohmann::json days_json(const std::optional<long>& days) {
    return days ? nlohmann::json(*days) : nlohmann::json(nullptr);
}

nlohmann::json info_json(const CsrInfo& c) {
    return {{"name", c.name},
            {"key_name", c.key_name},
            {"subject", c.subject},
            {"subject_fields", c.subject_fields.to_json()},
            {"sans", c.sans.to_json()},
            {"validity_days", days_json(c.validity_days)},
            {"key_algorithm", c.key_algorithm},
            {"public_key_sha256", c.public_key_sha256},
            {"created", c.created}};
}

}  // namespace certctl::csr
