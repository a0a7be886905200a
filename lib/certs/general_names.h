// lib/certs/general_names.h — the raw GeneralNames of a certificate's subjectAltName, read from the DER
// ourselves: Botan 2.19 drops IPv6 addresses and otherNames and decodes leniently, while the conformance
// rules need every entry exactly as encoded (and to know when the encoding is broken).
#pragma once
#include <botan/x509cert.h>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace certctl::certs {

struct GeneralName {
    std::uint8_t tag = 0;             // the context tag number: 0 otherName, 1 rfc822, 2 dNSName, 6 URI, 7 iPAddress
    std::vector<std::uint8_t> value;  // the contents octets (the address bytes, the IA5String bytes)
    std::string text() const { return std::string(value.begin(), value.end()); }
};

// The SAN's names; std::nullopt when the extension is absent; `malformed` set when its DER does not parse.
struct SubjectAltNames {
    std::vector<GeneralName> names;
    bool critical = false;
    bool malformed = false;
};
std::optional<SubjectAltNames> subject_alt_names(const Botan::X509_Certificate& cert);

// GeneralNames (a DER SEQUENCE OF GeneralName) from its encoding; false when it does not parse.
bool parse_general_names(const std::vector<std::uint8_t>& der, std::vector<GeneralName>& out);

// "192.0.2.1" or RFC 5952 text ("2001:db8::1") of 4 or 16 address octets; "" for any other length.
std::string ip_text(const std::vector<std::uint8_t>& octets);

// The 4 or 16 octets of an IPv4/IPv6 literal, or empty when `text` is not one.
std::vector<std::uint8_t> ip_octets(const std::string& text);

}  // namespace certctl::certs
