// lib/certs/validator.h — RFC 5280 path validation with Botan's validator, every failure reason in words.
#pragma once
#include "lib/certs/policy_tree.h"
#include "lib/certs/profile.h"
#include "lib/certs/purpose.h"
#include "lib/certs/revocation_lookup.h"
#include "lib/core/clock.h"

#include <botan/pkix_enums.h>
#include <botan/x509_crl.h>
#include <botan/x509cert.h>
#include <set>
#include <string>
#include <vector>

namespace certctl::certs {

struct PathRequest {
    std::vector<Botan::X509_Certificate> chain;    // [0] the certificate to check, then untrusted intermediates
    std::vector<Botan::X509_Certificate> anchors;  // trust anchors (a bundle or --trust-file)
    std::vector<Botan::X509_CRL> crls;             // CRLs given by the caller; then the end entity needs one
    core::TimePoint at;                            // validation time
    std::string purpose = "any";                   // a purposes() row
    std::string hostname;                          // empty: not checked
    bool allow_legacy_crypto = false;              // SHA-1 and RSA >= 1024 accepted (never MD5)
    const RevocationLookup* revocation = nullptr;  // the store's master list, if any
    Profile profile = k_default_profile;           // the rule set on top of Botan's checks (rfc5280_checks.h)
    PolicyInputs policy;                           // RFC 5280 6.1.1 policy inputs (default: any policy)
};

struct PathElement {
    std::string subject;
    std::string fingerprint;
    std::string not_after;
};

struct PathResult {
    bool valid = false;
    std::vector<std::string> reasons;   // why not valid, one sentence each, naming the certificate
    std::vector<std::string> codes;     // the stable code of each reason, same order ("aki_missing", "expired")
    std::vector<std::string> notes;     // said either way ("legacy crypto allowed", "CRL checked for ...")
    std::vector<PathElement> path;      // end entity first, anchor last (when a path was built)
    std::string anchor;                 // subject of the anchor (valid or not, when a path was built)
    std::string missing_issuer;         // the issuer DN to look for when no path could be built
    std::set<std::string> policies;     // the policies the path is valid for ({anyPolicy}: unconstrained)
    bool explicit_policy_required = false;  // the path (or the caller) required an explicit policy
};

// The stable code of a Botan status ("expired", "signature_invalid"); reason codes of the rule table are
// their own (rfc5280_checks.h).
const char* status_code_name(Botan::Certificate_Status_Code code);

// Never throws for well-formed certificates; an unknown purpose is Error(usage).
PathResult validate_path(const PathRequest& request);

}  // namespace certctl::certs
