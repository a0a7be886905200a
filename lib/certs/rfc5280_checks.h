// lib/certs/rfc5280_checks.h — the certificate-profile rules Botan 2.19's path validator leaves out, one table
// row each (source section, stable code, the test), run over a built path after Botan's own checks.
#pragma once
#include "lib/certs/profile.h"

#include <botan/x509cert.h>
#include <memory>
#include <string>
#include <vector>

namespace certctl::certs {

// One broken rule: a stable snake_case code scripts can match, and a sentence naming what is wrong.
struct RuleFinding {
    std::string code;
    std::string text;
    std::size_t position = 0;  // index in the path: 0 the end entity, last the trust anchor
};

// Where a certificate sits in the path being checked.
enum class PathRole { end_entity, intermediate, anchor };

struct RuleRow {
    const char* code;
    const char* source;    // "RFC 5280 4.2.1.1", "CABF BR 7.1.2.7.10"
    const char* profiles;  // "all", or the one profile it belongs to: "rfc5280", "webpki"
    const char* summary;   // what the rule requires, for docs and --help
};

// Every rule, in the order they are checked (docs/conformance.md lists the same table).
const std::vector<RuleRow>& rule_table();

// The findings for `path` (end entity first, anchor last; an anchor that is the end entity itself is a path of
// one). Never throws for certificates Botan could decode.
std::vector<RuleFinding> check_rules(const std::vector<std::shared_ptr<const Botan::X509_Certificate>>& path,
                                     Profile profile);

}  // namespace certctl::certs
