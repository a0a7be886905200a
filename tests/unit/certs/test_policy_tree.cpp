// tests/unit/certs/test_policy_tree.cpp — RFC 5280 6.1 policy processing on decoded facts: the cases the
// RFC's steps single out (self-issued certificates, anyPolicy and its inhibition, mappings and their
// inhibition, requireExplicitPolicy counting down, the user set) and the bound on the tree's size.
#include "lib/certs/policy_tree.h"

#include <doctest/doctest.h>
#include <string>
#include <vector>

using namespace certctl::certs;

namespace {
const std::string P1 = "1.2.3.1";
const std::string P2 = "1.2.3.2";
const std::string P3 = "1.2.3.3";

PolicyFacts with(std::vector<std::string> policies) {
    PolicyFacts f;
    f.policies = std::move(policies);
    return f;
}
PolicyInputs explicit_for(std::set<std::string> wanted) {
    PolicyInputs in;
    in.initial_policies = std::move(wanted);
    in.require_explicit_policy = true;
    return in;
}
}  // namespace

TEST_SUITE("certs::policy_tree") {
    TEST_CASE("a path without policies is valid until an explicit policy is required") {
        const std::vector<PolicyFacts> path{PolicyFacts{}, PolicyFacts{}};
        CHECK(process_policies(path, {}).valid);
        CHECK(process_policies(path, {}).valid_policies.empty());
        const PolicyOutcome o = process_policies(path, explicit_for({}));
        CHECK_FALSE(o.valid);
        CHECK(o.code == "policy_required");
        CHECK(o.position == 0);  // the first certificate already leaves the tree NULL
    }
    TEST_CASE("the policies common to the path are the valid ones") {
        const std::vector<PolicyFacts> path{with({P1, P2}), with({P2, P3})};
        const PolicyOutcome o = process_policies(path, explicit_for({}));
        CHECK(o.valid);
        CHECK(o.valid_policies == std::set<std::string>{P2});
        CHECK(process_policies(path, explicit_for({P2})).valid);
        CHECK_FALSE(process_policies(path, explicit_for({P1})).valid);
    }
    TEST_CASE("anyPolicy in an intermediate stands for what the leaf asserts, unless inhibited") {
        const std::vector<PolicyFacts> path{with({k_any_policy}), with({P1})};
        CHECK(process_policies(path, explicit_for({P1})).valid);
        PolicyInputs inhibited = explicit_for({P1});
        inhibited.inhibit_any_policy = true;
        CHECK_FALSE(process_policies(path, inhibited).valid);
    }
    TEST_CASE("inhibitAnyPolicy counts certificates, and a self-issued intermediate does not count") {
        PolicyFacts top = with({P1});
        top.inhibit_any_policy = 1;  // one more certificate may use anyPolicy, then none
        PolicyFacts middle = with({k_any_policy});
        CHECK(process_policies({top, middle, with({P1})}, explicit_for({P1})).valid);
        CHECK_FALSE(process_policies({top, middle, middle, with({P1})}, explicit_for({P1})).valid);
        CHECK_FALSE(process_policies({top, middle, with({k_any_policy})}, explicit_for({P1})).valid);
        middle.self_issued = true;  // 6.1.3 (d)(2) and 6.1.4 (h): self-issued intermediates keep anyPolicy
        CHECK(process_policies({top, middle, middle, with({P1})}, explicit_for({P1})).valid);
    }
    TEST_CASE("requireExplicitPolicy counts down through the certificates below it") {
        PolicyFacts top = with({P1});
        top.require_explicit_policy = 2;  // two more certificates, then the whole path needs a policy
        CHECK(process_policies({top, PolicyFacts{}}, {}).valid);
        CHECK_FALSE(process_policies({top, PolicyFacts{}, PolicyFacts{}}, {}).valid);
        CHECK(process_policies({top, with({P1}), with({P1})}, {}).valid);
        top.require_explicit_policy = 1;  // the leaf is the one more: the path needs a policy
        CHECK_FALSE(process_policies({top, PolicyFacts{}}, {}).valid);
        CHECK(process_policies({top, with({P1})}, {}).valid);
        PolicyFacts leaf;
        leaf.require_explicit_policy = 0;  // 6.1.5 (b): the leaf's own constraint counts too
        CHECK_FALSE(process_policies({with({P1}), leaf}, {}).valid);
    }
    TEST_CASE("mappings carry a policy to the one the subject domain calls it") {
        PolicyFacts top = with({P1});
        top.mappings = {{P1, P2}};
        const PolicyOutcome o = process_policies({top, with({P2})}, explicit_for({P1}));
        CHECK(o.valid);
        CHECK(o.valid_policies == std::set<std::string>{P2});
        CHECK_FALSE(process_policies({top, with({P1})}, explicit_for({P1})).valid);  // P1 now means P2
        PolicyInputs no_mapping = explicit_for({P1});
        no_mapping.inhibit_policy_mapping = true;
        CHECK_FALSE(process_policies({top, with({P2})}, no_mapping).valid);
    }
    TEST_CASE("a mapping of a policy the CA asserts only through anyPolicy creates it") {
        PolicyFacts top = with({k_any_policy});
        top.mappings = {{P1, P2}};
        CHECK(process_policies({top, with({P2})}, explicit_for({P1})).valid);
    }
    TEST_CASE("mapping anyPolicy is refused, naming the certificate") {
        PolicyFacts top = with({P1});
        top.mappings = {{k_any_policy, P2}};
        const PolicyOutcome o = process_policies({PolicyFacts{}, top, with({P2})}, {});
        CHECK_FALSE(o.valid);
        CHECK(o.code == "policy_mapping_any");
        CHECK(o.position == 1);
    }
    TEST_CASE("an extension that did not decode fails the path") {
        PolicyFacts bad;
        bad.malformed = "policyConstraints";
        const PolicyOutcome o = process_policies({with({P1}), bad}, {});
        CHECK(o.code == "policy_malformed");
        CHECK(o.reason.find("policyConstraints") != std::string::npos);
    }
    TEST_CASE("a tree multiplied by mappings stops at its bound instead of exhausting memory") {
        std::vector<std::string> ps;
        std::vector<std::string> qs;
        for (int i = 0; i < 120; ++i) {
            ps.push_back("1.2.4." + std::to_string(i));
            qs.push_back("1.2.5." + std::to_string(i));
        }
        PolicyFacts top = with(ps);
        for (const auto& p : ps) {
            for (const auto& q : qs) {
                top.mappings.emplace_back(p, q);
            }
        }
        PolicyFacts middle = with(qs);
        middle.mappings = top.mappings;  // unused past the bound; keeps the shape of the attack
        const PolicyOutcome o = process_policies({top, middle, with(qs)}, {});
        CHECK_FALSE(o.valid);
        CHECK(o.code == "policy_limit");
    }
}
