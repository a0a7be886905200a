// lib/core/name.h — names of keys, CSRs, certificates, CAs, bundles and CRL sources.
#pragma once
#include <string>

namespace certctl::core {

// [A-Za-z0-9][A-Za-z0-9._-]{0,63}: a name can never become a path outside the store.
bool is_valid_name(const std::string& name);

// Throws Error(usage) "invalid KIND name (NAME): ..." when the name is not valid.
void check_name(const std::string& kind, const std::string& name);

}  // namespace certctl::core
