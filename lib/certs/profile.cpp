// lib/certs/profile.cpp — profile names (see profile.h).
#include "lib/certs/profile.h"

#include "lib/core/error.h"

namespace certctl::certs {

const char* profile_name(Profile p) {
    return p == Profile::webpki ? "webpki" : "rfc5280";
}

std::vector<std::string> profile_names() {
    return {"rfc5280", "webpki"};
}

Profile parse_profile(const std::string& name) {
    if (name == "rfc5280") {
        return Profile::rfc5280;
    }
    if (name == "webpki") {
        return Profile::webpki;
    }
    throw core::Error(core::Errc::usage, "unknown validation profile", name, "allowed: rfc5280, webpki",
                      "rfc5280 for a private PKI, webpki for publicly trusted TLS server certificates");
}

}  // namespace certctl::certs
