// lib/ca/builtin_profiles.cpp — the built-in issuance profiles: one row each, validated by ProfileSet.
// Roles and path lengths follow the licensing chains of the exchange files (docs/exchange.md, "The eight
// certificates and their chains"); lifetimes other than id-cert's 365 days are certctl's choice.
#include "lib/ca/profile.h"

namespace certctl::ca {

namespace {
using V = std::vector<std::string>;
const V k_ca_ku = {"keyCertSign", "cRLSign"};
const V k_any_key = {"rsa", "ec"};
constexpr auto k_no_len = std::nullopt;

Profile row(const char* name, const char* description, const char* issuer, bool ca, std::optional<std::size_t> path_len,
            V ku, V ku_rsa, V eku, int days, int max_days, SanRule san, bool self_signed = false) {
    Profile p;
    p.name = name;
    p.description = description;
    p.typical_issuer = issuer;
    p.ca = ca;
    p.path_len = path_len;
    p.key_usage = std::move(ku);
    p.key_usage_rsa = std::move(ku_rsa);
    p.extended_key_usage = std::move(eku);
    p.default_days = days;
    p.max_days = max_days;
    p.key_types = k_any_key;
    p.san = san;
    p.self_signed = self_signed;
    p.crl_distribution_point = true;  // a root's names its own CRL (CertificateIssuer::self_signed)
    p.authority_info_access = !self_signed;
    return p;
}

// A table reads across: one row a line, columns aligned, wider than the column limit.
// clang-format off
const std::vector<Profile> k_rows = {
//      name                description                                    typical issuer     CA     pathLen   key usage              +RSA                 EKU              days  max    SANs
    row("root",             "self-signed licensing root",                  "self",            true,  k_no_len, k_ca_ku,               {},                  {},              7300, 10950, SanRule::none, true),
    row("sub-ca",           "sub-CA: issues id and signing certificates",  "root",            true,  0,        k_ca_ku,               {},                  {},              3650, 7300,  SanRule::none),
    row("signing",          "signs exchange response files",               "sub-ca",          false, k_no_len, {"digitalSignature"},  {},                  {},              730,  1825,  SanRule::none),
    row("id-cert",          "identity of an On-Prem or a product",         "sub-ca",          false, k_no_len, {"digitalSignature"},  {},                  {"clientAuth"},  365,  3650,  SanRule::none),
    row("satellite",        "online LCS CA: issues local-sub-ca-1-1",      "root",            true,  1,        k_ca_ku,               {},                  {},              3650, 7300,  SanRule::none),
    row("local-sub-ca",     "offline LCS CA, 3-tier products",             "root",            true,  0,        k_ca_ku,               {},                  {},              3650, 7300,  SanRule::none),
    row("local-sub-ca-1-1", "offline LCS CA, 4-tier products",             "satellite",       true,  0,        k_ca_ku,               {},                  {},              1825, 3650,  SanRule::none),
    row("tg-issuer",        "CA of the transport gateway's TLS cert",      "root",            true,  0,        k_ca_ku,               {},                  {},              3650, 7300,  SanRule::none),
    row("tg-ssl",           "transport gateway HTTPS server",              "tg-issuer",       false, k_no_len, {"digitalSignature"},  {"keyEncipherment"}, {"serverAuth"},  397,  825,   SanRule::copy_or_cn),
    row("ssms-ssl",         "management GUI HTTPS server",                 "root",            false, k_no_len, {"digitalSignature"},  {"keyEncipherment"}, {"serverAuth"},  397,  825,   SanRule::copy_or_cn),
    row("tls-server",       "any TLS server",                              "any CA",          false, k_no_len, {"digitalSignature"},  {"keyEncipherment"}, {"serverAuth"},  397,  825,   SanRule::copy_or_cn),
    row("tls-client",       "any TLS client",                              "any CA",          false, k_no_len, {"digitalSignature"},  {},                  {"clientAuth"},  397,  825,   SanRule::copy),
};
// clang-format on
}  // namespace

const std::vector<Profile>& builtin_profile_rows() { return k_rows; }

}  // namespace certctl::ca
