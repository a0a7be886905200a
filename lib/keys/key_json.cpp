// lib/keys/key_json.cpp — a key row as JSON.
#include "lib/keys/key_json.h"

namespace certctl::keys {

nlohmann::json key_json(const KeyInfo& k, const KeyUsers& users) {
    return {{"name", k.name},
            {"algorithm", k.algorithm},
            {"bits", k.bits},
            {"public_key_sha256", k.public_key_sha256},
            {"encrypted", k.encrypted},
            {"created", k.created},
            {"used_by", {{"csrs", users.csrs}, {"certificates", users.certificates}, {"cas", users.cas}}}};
}

}  // namespace certctl::keys
