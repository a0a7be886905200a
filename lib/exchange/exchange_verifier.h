// lib/exchange/exchange_verifier.h — every check `exchange verify` makes, as a list of results (no printing).
#pragma once
#include "lib/core/clock.h"
#include "lib/exchange/exchange_file.h"

#include <botan/x509cert.h>
#include <optional>
#include <string>
#include <vector>

namespace certctl::exchange {

struct Check {
    enum class Status { pass, fail, warn };
    std::string name;    // "signature", "signing_chain", "root_cert_hash", "id_cert", "lcs_csr", ...
    Status status = Status::pass;
    std::string detail;  // what was found, or why it failed
};
const char* check_status_name(Check::Status s);  // "ok", "FAIL", "warn"

struct VerifyReport {
    FileKind kind = FileKind::registration;
    std::vector<Check> checks;
    std::optional<Botan::X509_Certificate> root;  // the trusted root that anchors the signing certificate
    bool valid() const;                           // no check failed (warnings allowed)
};

// Checks a parsed file against `trusted` roots at time `at`:
//  responses: required fields present and signed; signature over the signed range by the signing certificate;
//  the signing certificate's path to a trusted root; root_cert_hash equal to that root's hash; every embedded
//  certificate parses, has its role's properties (cert_roles()) and is signed by an expected issuer, id_cert's
//  CN is the collector UUID; top-level keys outside the envelope are reported as unsigned.
//  requests (unsigned): UUID and timestamp shapes; each CSR parses and its self-signature holds; embedded
//  certificates parse and have their roles' properties.
// Never throws for bad file content: each problem is a failed check.
VerifyReport verify_exchange(const ExchangeFile& file, const std::vector<Botan::X509_Certificate>& trusted,
                             core::TimePoint at);

}  // namespace certctl::exchange
