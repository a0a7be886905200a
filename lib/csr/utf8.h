// lib/csr/utf8.h — UTF-8 checks: subjects we write must be valid, and text read from foreign requests is made
// valid before it reaches JSON (nlohmann::json refuses to dump invalid UTF-8).
#pragma once
#include <string>

namespace certctl::csr {

bool is_valid_utf8(const std::string& text);
// Number of code points in valid UTF-8 text (RFC 5280 upper bounds count characters, not bytes).
std::size_t utf8_length(const std::string& text);
// Each byte that does not start a valid sequence becomes U+FFFD.
std::string sanitize_utf8(const std::string& text);

}  // namespace certctl::csr
