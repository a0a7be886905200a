// lib/certs/profile.h — which rule set a path is validated under: RFC 5280 to the letter, or that plus the
// CA/Browser Forum Baseline Requirements for TLS server certificates (the Web PKI).
#pragma once
#include <string>
#include <vector>

namespace certctl::certs {

enum class Profile { rfc5280, webpki };

// The default is rfc5280: a private PKI issues what RFC 5280 allows (client certificates without EKU,
// device names in the CN, RSA keys its devices can handle) and the Web PKI's extra rules would refuse it.
constexpr Profile k_default_profile = Profile::rfc5280;

const char* profile_name(Profile p);
std::vector<std::string> profile_names();
// Error(usage) naming the allowed values for anything else.
Profile parse_profile(const std::string& name);

}  // namespace certctl::certs
