// lib/certs/hostname_match.h — is a certificate valid for a host name or IP address (RFC 6125 and RFC 5280
// 4.2.1.6; CA/Browser Forum BR 3.2.2.6 for wildcards under the webpki profile). certctl's own matcher, not
// Botan 2.19's: that one lets a wildcard sit inside a label or stand for a public suffix and ignores IPv6.
#pragma once
#include "lib/certs/profile.h"

#include <botan/x509cert.h>
#include <string>

namespace certctl::certs {

// `host` is a DNS name (ASCII; a trailing dot is ignored) or an IPv4/IPv6 literal. A wildcard matches only as
// the whole leftmost label of a dNSName ("*.example.com"), one label deep, never over a public suffix
// (webpki), never "*" alone. IP literals match iPAddress SAN entries only. The subject CN stands in only
// when the SAN has no dNSName, and only under rfc5280 (RFC 6125 6.4.4); webpki never looks at the CN.
bool hostname_matches(const Botan::X509_Certificate& cert, const std::string& host, Profile profile);

// Whether a dNSName pattern from a certificate matches `host` (both as above).
bool dns_pattern_matches(const std::string& pattern, const std::string& host, Profile profile);

// Whether `domain` is a public suffix (the Public Suffix List of the system's publicsuffix package, ICANN and
// private sections). Without the list: any domain of one label.
bool is_public_suffix(const std::string& domain);

}  // namespace certctl::certs
