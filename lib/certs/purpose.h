// lib/certs/purpose.h — what a certificate is for, one table row per purpose, and the role checks
// (key usage, extended key usage, basic constraints) each purpose implies.
#pragma once
#include "lib/certs/cert_summary.h"

#include <botan/x509cert.h>
#include <string>
#include <vector>

namespace certctl::certs {

struct Purpose {
    const char* name;                    // "--purpose" value: "tls-server"
    const char* description;             // audit "purpose": "TLS Web Server Authentication"
    Botan::Usage_Type usage;             // what Botan's path validator checks on the end entity
    std::vector<const char*> ekus;       // each must be allowed by the EKU extension (when present)
    std::vector<const char*> key_usage;  // one of them must be set (when the KU extension is present)
    bool ca;                             // basicConstraints cA must be true (else must not be)
};

const std::vector<Purpose>& purposes();
std::vector<std::string> purpose_names();

// The row called `name`; Error(usage) listing the names otherwise.
const Purpose& find_purpose(const std::string& name);

// Every way `s` does not fit `p`, as sentences ("extended key usage lacks serverAuth"); empty when it fits.
std::vector<std::string> role_findings(const CertSummary& s, const Purpose& p);

// The audit event's purpose: the row's description, or for "any" the certificate's EKU names.
std::string purpose_description(const CertSummary& s, const Purpose& p);

}  // namespace certctl::certs
