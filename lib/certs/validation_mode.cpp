// lib/certs/validation_mode.cpp — the two validation modes (see validation_mode.h).
#include "lib/certs/validation_mode.h"

#include "lib/core/error.h"

namespace certctl::certs {

const char* to_string(ValidationMode mode) { return mode == ValidationMode::strict ? "strict" : "warn"; }

ValidationMode parse_validation_mode(const std::string& text) {
    if (text == "strict") {
        return ValidationMode::strict;
    }
    if (text == "warn") {
        return ValidationMode::warn;
    }
    throw core::Error(core::Errc::usage, "unknown validation mode", text, "allowed: strict, warn");
}

std::vector<std::string> validation_mode_names() { return {"strict", "warn"}; }

}  // namespace certctl::certs
