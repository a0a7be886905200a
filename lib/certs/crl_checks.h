// lib/certs/crl_checks.h — RFC 5280 section 5 rules on the CRLs a path is checked against, which Botan 2.19
// does not enforce: a CRL number present and not critical, no delta or indirect CRLs (certctl does not combine
// a delta with its base, nor follow certificate issuers inside a CRL, so it says so instead of guessing), and
// an issuing distribution point whose scope covers the certificate.
#pragma once
#include "lib/certs/rfc5280_checks.h"

#include <botan/x509_crl.h>
#include <botan/x509cert.h>
#include <memory>
#include <vector>

namespace certctl::certs {

// The CRL rules, as rows like the certificate rules (docs/conformance.md lists both).
const std::vector<RuleRow>& crl_rule_table();

// Findings for every CRL of `crls` issued by the issuer of a certificate of `path` (end entity first, anchor
// last); `position` is the certificate the CRL would cover.
std::vector<RuleFinding> check_crls(const std::vector<Botan::X509_CRL>& crls,
                                    const std::vector<std::shared_ptr<const Botan::X509_Certificate>>& path);

}  // namespace certctl::certs
