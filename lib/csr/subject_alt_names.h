// lib/csr/subject_alt_names.h — DNS names, IP addresses (v4 and v6) and e-mail addresses of a request.
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace certctl::csr {

struct SubjectAltNames {
    std::vector<std::string> dns;    // lower case; "*.example.net" allowed as the leftmost label only
    std::vector<std::string> ip;     // canonical text (inet_ntop)
    std::vector<std::string> email;  // rfc822Name
    std::vector<std::string> other;  // names of kinds we do not write (URI, otherName, ...), for display

    bool empty() const { return dns.empty() && ip.empty() && email.empty() && other.empty(); }

    // Checks and normalises `dns` and `ip` (Error(usage) naming --dns / --ip and the value) and drops duplicates.
    void validate();

    // GeneralNames (RFC 5280 4.2.1.6), DER: dNSName [2], iPAddress [7], rfc822Name [1].
    std::vector<std::uint8_t> encode() const;
    // Throws Error(bad_input) naming `source` when the extension value is malformed.
    static SubjectAltNames decode(const std::vector<std::uint8_t>& der, const std::string& source);

    nlohmann::json to_json() const;
    static SubjectAltNames from_json(const nlohmann::json& j);
    // "DNS:web01.example.net, IP:192.0.2.10" as OpenSSL prints them.
    std::string to_string() const;
};

}  // namespace certctl::csr
