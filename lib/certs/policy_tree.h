// lib/certs/policy_tree.h — RFC 5280 6.1 certificate policy processing: the valid_policy_tree built over a
// path, with policy mappings, requireExplicitPolicy, inhibitPolicyMapping and inhibitAnyPolicy. Pure: the
// facts of each certificate come in decoded (policy_facts.h), the verdict goes out.
#pragma once
#include "lib/certs/policy_facts.h"

#include <set>
#include <string>
#include <vector>

namespace certctl::certs {

// The valid_policy_tree grows with policies times mappings along the path; past this many nodes the path is
// refused ("policy_limit") rather than let a crafted chain exhaust memory and time (as CVE-2023-0464 did).
inline constexpr std::size_t k_max_policy_nodes = 10000;

// RFC 5280 6.1.1 (c), (e), (f), (g). An empty initial set means {anyPolicy}.
struct PolicyInputs {
    std::set<std::string> initial_policies;
    bool require_explicit_policy = false;
    bool inhibit_policy_mapping = false;
    bool inhibit_any_policy = false;
};

struct PolicyOutcome {
    bool valid = true;
    std::string code;    // when not valid: "policy_required", "policy_mapping_any", "policy_malformed",
                         // "policy_limit"
    std::string reason;  // when not valid: one sentence
    std::size_t position = 0;  // when not valid: index into the path given (0: the first one processed)
    // The policies the path is valid for (the user-constrained policy set; {anyPolicy} when unconstrained);
    // empty when the valid_policy_tree is NULL.
    std::set<std::string> valid_policies;
    bool explicit_policy_required = false;  // explicit_policy reached 0 on the way
};

// `path` runs from the certificate issued by the trust anchor (first) down to the end entity (last); the
// anchor itself is not part of it (RFC 5280 6.1: n certificates, the anchor an input).
PolicyOutcome process_policies(const std::vector<PolicyFacts>& path, const PolicyInputs& inputs);

}  // namespace certctl::certs
