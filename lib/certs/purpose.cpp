// lib/certs/purpose.cpp — the purpose table and role checks (see purpose.h).
#include "lib/certs/purpose.h"

#include "lib/core/error.h"

#include <algorithm>

namespace certctl::certs {

namespace {
using U = Botan::Usage_Type;
// RFC 5280 4.2.1.3 / 4.2.1.12 and the CA/B Forum profiles: TLS keys sign (ECDHE) or encipher (RSA kx).
// A table reads across: one row a line, columns aligned, wider than the column limit.
// clang-format off
const std::vector<Purpose> k_purposes = {
    //  name            description                                   usage                 EKUs                          key usage (any of)                                   CA
    {"any",          "Any purpose",                                U::UNSPECIFIED,       {},                           {},                                                  false},
    {"tls-server",   "TLS Web Server Authentication",              U::TLS_SERVER_AUTH,   {"serverAuth"},               {"digitalSignature", "keyEncipherment", "keyAgreement"}, false},
    {"tls-client",   "TLS Web Client Authentication",              U::TLS_CLIENT_AUTH,   {"clientAuth"},               {"digitalSignature", "keyAgreement"},                false},
    {"peer",         "TLS Peer Authentication (client and server)", U::UNSPECIFIED,      {"serverAuth", "clientAuth"}, {"digitalSignature", "keyEncipherment", "keyAgreement"}, false},
    {"id-cert",      "Licensing Identity (client authentication)",  U::TLS_CLIENT_AUTH,   {"clientAuth"},               {"digitalSignature"},                                false},
    {"code-signing", "Code Signing",                               U::UNSPECIFIED,       {"codeSigning"},              {"digitalSignature"},                                false},
    {"ca",           "Certificate Authority",                      U::CERTIFICATE_AUTHORITY, {},                       {"keyCertSign"},                                     true},
};
// clang-format on

bool contains(const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}
}  // namespace

const std::vector<Purpose>& purposes() { return k_purposes; }

std::vector<std::string> purpose_names() {
    std::vector<std::string> out;
    for (const Purpose& p : k_purposes) {
        out.emplace_back(p.name);
    }
    return out;
}

const Purpose& find_purpose(const std::string& name) {
    for (const Purpose& p : k_purposes) {
        if (name == p.name) {
            return p;
        }
    }
    std::string all;
    for (const Purpose& p : k_purposes) {
        all += (all.empty() ? "" : ", ") + std::string(p.name);
    }
    throw core::Error(core::Errc::usage, "unknown purpose", name, "allowed: " + all);
}

std::vector<std::string> role_findings(const CertSummary& s, const Purpose& p) {
    std::vector<std::string> out;
    if (p.ca && !s.is_ca) {
        out.push_back(s.has_basic_constraints ? "basic constraints say this is not a CA"
                                              : "no basic constraints extension: not a CA");
    }
    if (!p.ca && s.is_ca && std::string(p.name) != "any") {
        out.push_back(std::string("basic constraints say CA, but purpose ") + p.name +
                      " needs an end-entity certificate");
    }
    if (!s.extended_key_usage.empty() && !contains(s.extended_key_usage, "anyExtendedKeyUsage")) {
        for (const char* eku : p.ekus) {
            if (!contains(s.extended_key_usage, eku)) {
                out.push_back(std::string("extended key usage lacks ") + eku + " (has " +
                              [&] {
                                  std::string all;
                                  for (const auto& e : s.extended_key_usage) {
                                      all += (all.empty() ? "" : ", ") + e;
                                  }
                                  return all;
                              }() +
                              ")");
            }
        }
    }
    if (!s.key_usage.empty() && !p.key_usage.empty()) {
        const bool any = std::any_of(p.key_usage.begin(), p.key_usage.end(),
                                     [&](const char* ku) { return contains(s.key_usage, ku); });
        if (!any) {
            std::string want;
            for (const char* ku : p.key_usage) {
                want += (want.empty() ? "" : " or ") + std::string(ku);
            }
            out.push_back("key usage lacks " + want);
        }
    }
    return out;
}

std::string purpose_description(const CertSummary& s, const Purpose& p) {
    if (std::string(p.name) != "any") {
        return p.description;
    }
    static const std::vector<std::pair<std::string, std::string>> names = {
        {"serverAuth", "TLS Web Server Authentication"}, {"clientAuth", "TLS Web Client Authentication"},
        {"codeSigning", "Code Signing"}, {"emailProtection", "E-mail Protection"}, {"OCSPSigning", "OCSP Signing"}};
    std::string out;
    for (const std::string& eku : s.extended_key_usage) {
        std::string text = eku;
        for (const auto& [n, d] : names) {
            if (n == eku) {
                text = d;
            }
        }
        out += (out.empty() ? "" : ", ") + text;
    }
    if (out.empty()) {
        out = s.is_ca ? "Certificate Authority" : "Any purpose";
    }
    return out;
}

}  // namespace certctl::certs
