// lib/certs/policy_facts.h — the four certificate extensions RFC 5280 6.1 policy processing reads, decoded.
// Botan 2.19 decodes certificatePolicies only; policyMappings, policyConstraints and inhibitAnyPolicy it
// keeps as unknown extensions (and reports as unknown critical ones), so they are read from their DER here.
#pragma once
#include <botan/x509cert.h>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace certctl::certs {

inline constexpr const char* k_any_policy = "2.5.29.32.0";

struct PolicyFacts {
    bool self_issued = false;                                       // subject DN == issuer DN
    std::optional<std::vector<std::string>> policies;               // certificatePolicies OIDs; nullopt: absent
    std::vector<std::pair<std::string, std::string>> mappings;      // policyMappings (issuer, subject domain)
    std::optional<std::size_t> require_explicit_policy;             // policyConstraints [0]
    std::optional<std::size_t> inhibit_policy_mapping;              // policyConstraints [1]
    std::optional<std::size_t> inhibit_any_policy;                  // inhibitAnyPolicy SkipCerts
    std::string malformed;                                          // non-empty: which extension did not decode
};

PolicyFacts read_policy_facts(const Botan::X509_Certificate& cert);

// Whether `oid` is one of the extensions read here (so an "unknown critical extension" of that OID is handled).
bool is_policy_extension(const std::string& oid);

}  // namespace certctl::certs
