// lib/certs/path_builder.cpp — bounded depth-first path search (see path_builder.h).
#include "lib/certs/path_builder.h"

#include <botan/pk_keys.h>
#include <botan/pkix_types.h>
#include <algorithm>
#include <memory>

namespace certctl::certs {

namespace {
struct Node {
    const Botan::X509_Certificate* cert;
    bool anchor;
    std::unique_ptr<Botan::Public_Key> key;  // loaded on first use
    bool key_failed = false;
};

class Search {
public:
    Search(const std::vector<Botan::X509_Certificate>& untrusted, const std::vector<Botan::X509_Certificate>& anchors,
           const PathBounds& bounds, const std::function<bool(const CandidatePath&)>& try_path)
        : m_bounds(bounds), m_try(try_path) {
        for (const auto& a : anchors) {
            m_nodes.push_back({&a, true, nullptr});
        }
        for (const auto& c : untrusted) {
            const bool known = std::any_of(m_nodes.begin(), m_nodes.end(), [&](const Node& n) { return *n.cert == c; });
            if (!known) {
                m_nodes.push_back({&c, false, nullptr});
            }
        }
    }

    PathSearch run(const Botan::X509_Certificate& end_entity) {
        CandidatePath path{&end_entity};
        if (extend(path)) {
            m_result.outcome = m_gave_up ? PathSearch::Outcome::gave_up : PathSearch::Outcome::accepted;
        } else {
            m_result.outcome = PathSearch::Outcome::exhausted;
        }
        return m_result;
    }

private:
    // Whether `issuer` signed `child`, counted against the signature bound.
    bool signed_by(const Botan::X509_Certificate& child, Node& issuer) {
        if (!issuer.key && !issuer.key_failed) {
            try {
                issuer.key = issuer.cert->load_subject_public_key();
            } catch (const std::exception&) {
                issuer.key_failed = true;
            }
        }
        ++m_result.signature_checks;
        try {
            return issuer.key && child.check_signature(*issuer.key);
        } catch (const std::exception&) {
            return false;
        }
    }

    static bool same_ca(const Botan::X509_Certificate& a, const Botan::X509_Certificate& b) {
        return a.subject_dn() == b.subject_dn() && a.subject_public_key_bits() == b.subject_public_key_bits();
    }

    // true: stop (accepted, or a bound reached).
    bool extend(CandidatePath& path) {
        const Botan::X509_Certificate& child = *path.back();
        std::vector<Node*> issuers;
        for (Node& n : m_nodes) {
            if (!(n.cert->subject_dn() == child.issuer_dn())) {
                continue;
            }
            const bool in_path = std::any_of(path.begin(), path.end(), [&](const Botan::X509_Certificate* p) {
                return *p == *n.cert || same_ca(*p, *n.cert);
            });
            if (in_path) {
                continue;
            }
            // RFC 5280 4.2.1.1: the key identifiers select among issuers of the same name; a mismatch is not it.
            const auto& aki = child.authority_key_id();
            const auto& ski = n.cert->subject_key_id();
            if (!aki.empty() && !ski.empty() && aki != ski) {
                continue;
            }
            issuers.push_back(&n);
        }
        std::stable_sort(issuers.begin(), issuers.end(),
                         [](const Node* a, const Node* b) { return a->anchor && !b->anchor; });
        const bool choose = issuers.size() > 1;
        for (Node* issuer : issuers) {
            if (choose) {
                if (m_result.signature_checks >= m_bounds.max_signature_checks) {
                    m_gave_up = true;
                    return true;
                }
                if (!signed_by(child, *issuer)) {
                    continue;
                }
            }
            path.push_back(issuer->cert);
            bool stop = false;
            if (issuer->anchor) {
                if (m_result.candidates >= m_bounds.max_candidates) {
                    m_gave_up = true;
                    return true;
                }
                ++m_result.candidates;
                stop = m_try(path);
            } else if (path.size() < m_bounds.max_depth) {
                stop = extend(path);
            }
            path.pop_back();
            if (stop) {
                return true;
            }
        }
        return false;
    }

    PathBounds m_bounds;
    const std::function<bool(const CandidatePath&)>& m_try;
    std::vector<Node> m_nodes;
    PathSearch m_result;
    bool m_gave_up = false;
};
}  // namespace

PathSearch search_paths(const Botan::X509_Certificate& end_entity,
                        const std::vector<Botan::X509_Certificate>& untrusted,
                        const std::vector<Botan::X509_Certificate>& anchors, const PathBounds& bounds,
                        const std::function<bool(const CandidatePath&)>& try_path) {
    return Search(untrusted, anchors, bounds, try_path).run(end_entity);
}

}  // namespace certctl::certs
