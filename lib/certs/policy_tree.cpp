// lib/certs/policy_tree.cpp — RFC 5280 6.1.2 to 6.1.5, policy parts only, step letters as in the RFC.
#include "lib/certs/policy_tree.h"

#include <algorithm>
#include <map>
#include <optional>

namespace certctl::certs {

namespace {
// The valid_policy_tree, flat: nodes in creation order (a parent always before its children), each with its
// depth; deleting a node marks it and everything under it. Qualifiers are left out: they never decide
// validity.
struct Node {
    std::string valid_policy;
    std::set<std::string> expected;
    int parent = -1;  // index into the node list; -1 for the root
    std::size_t depth = 0;
    bool alive = true;
};

class Tree {
public:
    Tree() { m_nodes.push_back(Node{k_any_policy, {k_any_policy}, -1, 0, true}); }

    bool null() const { return m_null; }
    void make_null() { m_null = true; }
    std::size_t depth() const { return m_depth; }
    std::size_t size() const { return m_nodes.size(); }
    void add_level() { ++m_depth; }

    // Indices of the live nodes of depth d.
    std::vector<std::size_t> at(std::size_t d) const {
        std::vector<std::size_t> out;
        for (std::size_t i = 0; i < m_nodes.size(); ++i) {
            if (m_nodes[i].alive && m_nodes[i].depth == d) {
                out.push_back(i);
            }
        }
        return out;
    }
    Node& node(std::size_t i) { return m_nodes[i]; }
    bool overflowed() const { return m_overflowed; }
    void add(std::string policy, std::set<std::string> expected, std::size_t parent) {
        if (m_nodes.size() >= k_max_policy_nodes) {
            m_overflowed = true;
            return;
        }
        m_nodes.push_back(
            Node{std::move(policy), std::move(expected), static_cast<int>(parent), m_nodes[parent].depth + 1, true});
    }

    // Deletes the live nodes of depth d for which `drop` holds, with their subtrees, then prunes.
    template <typename Pred>
    void remove_at(std::size_t d, Pred drop) {
        for (std::size_t i : at(d)) {
            if (drop(m_nodes[i])) {
                m_nodes[i].alive = false;
            }
        }
        for (Node& n : m_nodes) {
            if (n.parent >= 0 && !m_nodes[static_cast<std::size_t>(n.parent)].alive) {
                n.alive = false;
            }
        }
        prune();
    }

    // Deletes nodes above the deepest level that have no child, bottom-up; NULL once the root goes.
    void prune() {
        for (std::size_t d = m_depth; d-- > 0;) {
            std::vector<bool> has_child(m_nodes.size(), false);
            for (const Node& n : m_nodes) {
                if (n.alive && n.parent >= 0) {
                    has_child[static_cast<std::size_t>(n.parent)] = true;
                }
            }
            for (std::size_t i = 0; i < m_nodes.size(); ++i) {
                if (m_nodes[i].alive && m_nodes[i].depth == d && !has_child[i]) {
                    m_nodes[i].alive = false;
                }
            }
        }
        if (!m_nodes.front().alive) {
            m_null = true;
        }
    }

private:
    std::vector<Node> m_nodes;
    std::size_t m_depth = 0;
    bool m_null = false;
    bool m_overflowed = false;
};

bool contains(const std::set<std::string>& s, const std::string& v) { return s.count(v) != 0; }

// 6.1.3 (d): the certificate's policies become the next level.
void add_policies(Tree& tree, const std::vector<std::string>& policies, bool any_allowed) {
    const std::vector<std::size_t> above = tree.at(tree.depth());
    tree.add_level();
    for (const std::string& p : policies) {
        if (p == k_any_policy) {
            continue;
        }
        bool matched = false;
        for (std::size_t j : above) {  // (d)(1)(i)
            if (contains(tree.node(j).expected, p)) {
                tree.add(p, {p}, j);
                matched = true;
            }
        }
        if (!matched) {  // (d)(1)(ii)
            for (std::size_t j : above) {
                if (tree.node(j).valid_policy == k_any_policy) {
                    tree.add(p, {p}, j);
                }
            }
        }
    }
    const bool has_any = std::find(policies.begin(), policies.end(), k_any_policy) != policies.end();
    if (has_any && any_allowed) {  // (d)(2)
        const std::vector<std::size_t> here = tree.at(tree.depth());
        for (std::size_t j : above) {
            const std::set<std::string> expected = tree.node(j).expected;
            for (const std::string& e : expected) {
                const bool present = std::any_of(here.begin(), here.end(), [&](std::size_t c) {
                    return tree.node(c).parent == static_cast<int>(j) && tree.node(c).valid_policy == e;
                });
                if (!present) {
                    tree.add(e, {e}, j);
                }
            }
        }
    }
    tree.prune();  // (d)(3)
}

// 6.1.4 (b): policy mappings of the certificate at the deepest level.
void apply_mappings(Tree& tree, const std::vector<std::pair<std::string, std::string>>& mappings,
                    bool mapping_allowed) {
    std::map<std::string, std::set<std::string>> mapped;
    for (const auto& [issuer_domain, subject_domain] : mappings) {
        mapped[issuer_domain].insert(subject_domain);
    }
    const std::size_t i = tree.depth();
    for (const auto& [id_p, subjects] : mapped) {
        if (tree.null()) {
            return;
        }
        if (!mapping_allowed) {  // (b)(2)
            // A plain reference: lambdas capturing structured bindings are C++20 (clang 14 refuses them).
            const std::string& policy = id_p;
            tree.remove_at(i, [&](const Node& n) { return n.valid_policy == policy; });
            continue;
        }
        bool found = false;
        std::optional<std::size_t> any;
        for (std::size_t j : tree.at(i)) {  // (b)(1)
            if (tree.node(j).valid_policy == id_p) {
                tree.node(j).expected = subjects;
                found = true;
            } else if (tree.node(j).valid_policy == k_any_policy) {
                any = j;
            }
        }
        if (!found && any) {
            tree.add(id_p, subjects, static_cast<std::size_t>(tree.node(*any).parent));
        }
    }
}

// 6.1.5 (g)(iii): the intersection of the tree with the user-initial-policy-set.
void intersect(Tree& tree, const std::set<std::string>& initial) {
    const std::size_t n = tree.depth();
    // (1)-(2): nodes whose parent is anyPolicy and whose own policy is neither anyPolicy nor wanted go.
    std::set<std::string> node_set;
    for (std::size_t d = 1; d <= n && !tree.null(); ++d) {
        tree.remove_at(d, [&](const Node& x) {
            const bool parent_any = tree.node(static_cast<std::size_t>(x.parent)).valid_policy == k_any_policy;
            if (!parent_any || x.valid_policy == k_any_policy) {
                return false;
            }
            if (contains(initial, x.valid_policy)) {
                node_set.insert(x.valid_policy);
                return false;
            }
            return true;
        });
    }
    if (tree.null()) {
        return;
    }
    // (3): an anyPolicy leaf stands for every wanted policy not yet in the tree.
    for (std::size_t leaf : tree.at(n)) {
        if (tree.node(leaf).valid_policy != k_any_policy) {
            continue;
        }
        const auto parent = static_cast<std::size_t>(tree.node(leaf).parent);
        for (const std::string& p : initial) {
            if (!contains(node_set, p)) {
                tree.add(p, {p}, parent);
            }
        }
    }
    tree.remove_at(n, [](const Node& x) { return x.valid_policy == k_any_policy; });  // and (4), the prune
}

std::size_t start_value(bool inhibited, std::size_t n) { return inhibited ? 0 : n + 1; }
void decrement(std::size_t& v) {
    if (v != 0) {
        --v;
    }
}

// The state variables of RFC 5280 6.1.2 that count down along the path.
struct Counters {
    std::size_t explicit_policy;
    std::size_t inhibit_any;
    std::size_t policy_mapping;
};

// Why the path stops at a certificate.
struct Stop {
    const char* code;
    std::string reason;
    bool explicit_policy_required = false;
};

// 6.1.3 (d)-(f): certificate i (1-based) of n enters the tree.
std::optional<Stop> process_certificate(Tree& tree, const PolicyFacts& cert, std::size_t i, std::size_t n,
                                        const Counters& c) {
    if (!cert.malformed.empty()) {
        return Stop{"policy_malformed", "its " + cert.malformed + " extension cannot be decoded"};
    }
    if (cert.policies && !tree.null()) {  // 6.1.3 (d)
        add_policies(tree, *cert.policies, c.inhibit_any > 0 || (i < n && cert.self_issued));
    } else if (!cert.policies) {  // (e)
        tree.make_null();
    }
    if (tree.overflowed()) {
        return Stop{"policy_limit",
                    "the certificate policy tree grew past " + std::to_string(k_max_policy_nodes) +
                        " nodes (policies and mappings multiply along the path); refused rather than exhaust memory"};
    }
    if (c.explicit_policy == 0 && tree.null()) {  // (f)
        return Stop{"policy_required",
                    "no certificate policy is valid for the path here, and an explicit policy is required", true};
    }
    return std::nullopt;
}

// 6.1.4 (a), (b), (h)-(j): the mappings and constraints of a certificate that issues the next one.
std::optional<Stop> prepare_next(Tree& tree, const PolicyFacts& cert, Counters& c) {
    for (const auto& [issuer_domain, subject_domain] : cert.mappings) {  // 6.1.4 (a)
        if (issuer_domain == k_any_policy || subject_domain == k_any_policy) {
            return Stop{"policy_mapping_any", "its policyMappings maps anyPolicy, which RFC 5280 forbids"};
        }
    }
    if (!tree.null()) {
        apply_mappings(tree, cert.mappings, c.policy_mapping > 0);  // (b)
        if (tree.overflowed()) {
            return Stop{"policy_limit", "the certificate policy tree grew past its bound"};
        }
    }
    if (!cert.self_issued) {  // (h)
        decrement(c.explicit_policy);
        decrement(c.policy_mapping);
        decrement(c.inhibit_any);
    }
    if (cert.require_explicit_policy) {  // (i)
        c.explicit_policy = std::min(c.explicit_policy, *cert.require_explicit_policy);
    }
    if (cert.inhibit_policy_mapping) {
        c.policy_mapping = std::min(c.policy_mapping, *cert.inhibit_policy_mapping);
    }
    if (cert.inhibit_any_policy) {  // (j)
        c.inhibit_any = std::min(c.inhibit_any, *cert.inhibit_any_policy);
    }
    return std::nullopt;
}

// 6.1.5: the wrap-up after the last certificate, and the valid policies at the tree's leaves.
std::optional<Stop> wrap_up(Tree& tree, const std::vector<PolicyFacts>& path, const std::set<std::string>& initial,
                            Counters& c, PolicyOutcome& out) {
    if (!path.empty()) {  // 6.1.5 (a), (b)
        decrement(c.explicit_policy);
        if (path.back().require_explicit_policy && *path.back().require_explicit_policy == 0) {
            c.explicit_policy = 0;
        }
    }
    if (!tree.null() && !contains(initial, k_any_policy)) {  // (g)
        intersect(tree, initial);
    }
    out.explicit_policy_required = c.explicit_policy == 0;
    if (!tree.null()) {
        for (std::size_t leaf : tree.at(tree.depth())) {
            out.valid_policies.insert(tree.node(leaf).valid_policy);
        }
    }
    if (c.explicit_policy == 0 && tree.null()) {
        const bool user_set = !contains(initial, k_any_policy);
        return Stop{"policy_required",
                    user_set ? "the path is valid for none of the required policies"
                             : "no certificate policy is valid for the whole path, and an explicit policy is required",
                    true};
    }
    return std::nullopt;
}
}  // namespace

PolicyOutcome process_policies(const std::vector<PolicyFacts>& path, const PolicyInputs& inputs) {
    PolicyOutcome out;
    const std::size_t n = path.size();
    std::set<std::string> initial = inputs.initial_policies;
    if (initial.empty()) {
        initial.insert(k_any_policy);
    }
    Tree tree;
    Counters c{start_value(inputs.require_explicit_policy, n), start_value(inputs.inhibit_any_policy, n),
               start_value(inputs.inhibit_policy_mapping, n)};
    const auto fail = [&](std::size_t at, Stop stop) {
        out.valid = false;
        out.code = stop.code;
        out.reason = std::move(stop.reason);
        out.position = at;
        out.explicit_policy_required = out.explicit_policy_required || stop.explicit_policy_required;
        return out;
    };
    for (std::size_t k = 0; k < n; ++k) {
        if (auto stop = process_certificate(tree, path[k], k + 1, n, c)) {
            return fail(k, std::move(*stop));
        }
        if (k + 1 == n) {
            break;
        }
        if (auto stop = prepare_next(tree, path[k], c)) {
            return fail(k, std::move(*stop));
        }
    }
    if (auto stop = wrap_up(tree, path, initial, c, out)) {
        return fail(n == 0 ? 0 : n - 1, std::move(*stop));
    }
    return out;
}

}  // namespace certctl::certs
