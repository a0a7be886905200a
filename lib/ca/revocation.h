// lib/ca/revocation.h — RFC 5280 5.3.1 reason codes: one table of names and numbers.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace certctl::ca {

struct RevocationReason {
    const char* name;  // RFC 5280 ASN.1 name: keyCompromise
    int code;
};
// Every reason an operator may give (removeFromCRL, 8, is for delta CRLs and is not offered).
const std::vector<RevocationReason>& revocation_reasons();
// Case-insensitive; also accepts the kebab-case form ("key-compromise"). nullopt if unknown.
std::optional<int> parse_reason(const std::string& text);
// The RFC name for a code ("unspecified" for unknown codes).
std::string reason_name(int code);
// "unspecified, keyCompromise, ..." for messages.
std::string reason_names();

}  // namespace certctl::ca
