// lib/exchange/cert_roles.cpp — the role table: who issues each exchanged certificate and what it must be.
#include "lib/exchange/cert_roles.h"

namespace certctl::exchange {

namespace {
// Issuers follow the tree of docs/exchange.md ("The eight certificates") and the profile table under it
// (ssms_ssl_cert may sit under tg_issuer_cert in a lab; id_cert may come from either local LCS CA).
// A table reads across: one row a line, columns aligned, wider than the column limit.
// clang-format off
const std::vector<CertRole> k_roles = {
//   field                     profile             purpose       issuers                                   CA     EKU           auth   meaning
    {"id_cert",               "id-cert",          "id-cert",             {"sub_ca_cert", "local_sub_ca_cert_1_1", "local_sub_ca_cert"},
                                                                                             false, "clientAuth", true,  "the On-Prem's identity (CN = its UUID)"},
    {"sub_ca_cert",           "sub-ca",           "ca",           {k_root},                                 true,  nullptr,      true,  "CA of id_cert and signing_cert"},
    {"signing_cert",          "signing",          "any",          {"sub_ca_cert"},                          false, nullptr,      true,  "signs response files"},
    {"local_sub_ca_cert",     "local-sub-ca",     "ca",     {k_root},                                 true,  nullptr,      false, "offline LCS CA, 3-tier"},
    {"local_sub_ca_cert_1_1", "local-sub-ca-1-1", "ca", {"satellite_cert"},                       true,  nullptr,      true,  "offline LCS CA, 4-tier"},
    {"tg_ssl_cert",           "tg-ssl",           "tls-server",           {"tg_issuer_cert"},                       false, "serverAuth", true,  "Transport Gateway HTTPS server"},
    {"tg_issuer_cert",        "tg-issuer",        "ca",        {k_root},                                 true,  nullptr,      true,  "CA of tg_ssl_cert"},
    {"satellite_cert",        "satellite",        "ca",        {k_root},                                 true,  nullptr,      true,  "online LCS CA"},
    {"ssms_ssl_cert",         "ssms-ssl",         "tls-server",         {k_root, "tg_issuer_cert"},               false, "serverAuth", true,  "web GUI HTTPS server"},
};
// clang-format on
}  // namespace

const std::vector<CertRole>& cert_roles() { return k_roles; }

const CertRole* find_role(const std::string& field) {
    for (const CertRole& r : k_roles) {
        if (field == r.field) {
            return &r;
        }
    }
    return nullptr;
}

}  // namespace certctl::exchange
