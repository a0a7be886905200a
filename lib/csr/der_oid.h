// lib/csr/der_oid.h — object identifiers of any size. Botan 2 stores OID arcs as 32-bit numbers and refuses
// (with "OID component overflow") the 128-bit UUID arcs of RFC 4122 / ITU-T X.667 OIDs under 2.25, such as
// the requested-validity extension we put in CSRs; so CSRs are encoded and read with these helpers.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace certctl::csr {

// Content octets (no tag, no length) of the OID written in dotted form. Throws Error(internal) on bad text.
std::vector<std::uint8_t> oid_content(const std::string& dotted);
// The complete DER TLV (tag 06).
std::vector<std::uint8_t> oid_der(const std::string& dotted);
// Dotted form of content octets. Throws Error(bad_input) naming `source` when malformed.
std::string oid_text(const std::uint8_t* content, std::size_t length, const std::string& source);

}  // namespace certctl::csr
