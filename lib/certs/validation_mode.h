// lib/certs/validation_mode.h — strict (refuse on any finding) or warn (accept, report each finding).
#pragma once
#include <string>
#include <vector>

namespace certctl::certs {

enum class ValidationMode { strict, warn };

// "strict" / "warn".
const char* to_string(ValidationMode mode);
// Error(usage) for anything else.
ValidationMode parse_validation_mode(const std::string& text);
std::vector<std::string> validation_mode_names();

}  // namespace certctl::certs
