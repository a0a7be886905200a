// lib/keys/key_json.h — a key's public facts as JSON, the same in `key list --json` and the REST API.
// Nothing here reads private key bytes.
#pragma once
#include "lib/keys/key_store.h"

#include <nlohmann/json.hpp>

namespace certctl::keys {

nlohmann::json key_json(const KeyInfo& k, const KeyUsers& users);

}  // namespace certctl::keys
