// lib/certs/validator.cpp — Botan's x509_path_validate fed with anchors, chain and CRLs (see validator.h).
#include "lib/certs/validator.h"

#include "lib/certs/cert_summary.h"
#include "lib/certs/crl_checks.h"
#include "lib/certs/hostname_match.h"
#include "lib/certs/key_strength.h"
#include "lib/certs/name_constraints.h"
#include "lib/certs/path_builder.h"
#include "lib/certs/policy_facts.h"
#include "lib/certs/rfc5280_checks.h"

#include <botan/certstor.h>
#include <botan/pk_keys.h>
#include <botan/x509_ext.h>
#include <botan/x509path.h>
#include <algorithm>
#include <optional>
#include <set>

namespace certctl::certs {

namespace {
using Code = Botan::Certificate_Status_Code;

std::string label(const Botan::X509_Certificate& c) {
    const std::string cn = c.subject_dn().get_first_attribute("CN");
    return cn.empty() ? dn_string(c.subject_dn()) : cn;
}

// The first issuer DN we cannot find among the given certificates, walking up from the end entity.
std::string missing_issuer(const std::vector<Botan::X509_Certificate>& chain,
                           const std::vector<Botan::X509_Certificate>& anchors) {
    std::vector<Botan::X509_Certificate> pool(chain.begin() + 1, chain.end());
    pool.insert(pool.end(), anchors.begin(), anchors.end());
    Botan::X509_Certificate current = chain.front();
    for (std::size_t depth = 0; depth < 16; ++depth) {
        if (current.subject_dn() == current.issuer_dn()) {
            return {};
        }
        bool found = false;
        for (const auto& c : pool) {
            if (c.subject_dn() == current.issuer_dn()) {
                current = c;
                found = true;
                break;
            }
        }
        if (!found) {
            return dn_string(current.issuer_dn());
        }
    }
    return {};
}

// The chain from the end entity up to an anchor that is not self-signed, or empty when there is none.
std::vector<std::shared_ptr<const Botan::X509_Certificate>> partial_path(const PathRequest& req) {
    std::vector<std::shared_ptr<const Botan::X509_Certificate>> path = {
        std::make_shared<const Botan::X509_Certificate>(req.chain.front())};
    for (std::size_t depth = 0; depth < 16; ++depth) {
        const Botan::X509_Certificate& current = *path.back();
        for (const auto& a : req.anchors) {
            if (a.subject_dn() == current.issuer_dn() && !a.is_self_signed()) {
                path.push_back(std::make_shared<const Botan::X509_Certificate>(a));
                return path;
            }
        }
        const Botan::X509_Certificate* next = nullptr;
        for (std::size_t i = 1; i < req.chain.size() && next == nullptr; ++i) {
            if (req.chain[i].subject_dn() == current.issuer_dn() && !(req.chain[i] == current)) {
                next = &req.chain[i];
            }
        }
        if (next == nullptr) {
            return {};
        }
        path.push_back(std::make_shared<const Botan::X509_Certificate>(*next));
    }
    return {};
}

// RFC 5280 6.1.3 for a path that ends at `path.back()`, a trust anchor whose own issuer and signature are
// outside the path (as a root's self-signature is). Botan's PKIX::check_chain stops at the anchor's
// self-check failing, so the per-link checks are written out here with Botan's status codes.
Botan::CertificatePathStatusCodes check_partial(const std::vector<std::shared_ptr<const Botan::X509_Certificate>>& path,
                                                const PathRequest& req, const Purpose& purpose,
                                                const Botan::Path_Validation_Restrictions& restrictions) {
    Botan::CertificatePathStatusCodes status(path.size());
    const Botan::X509_Time at(req.at);
    if (!path.front()->allowed_usage(purpose.usage)) {
        status[0].insert(Code::INVALID_USAGE);
    }
    for (std::size_t i = 0; i < path.size(); ++i) {
        const Botan::X509_Certificate& subject = *path[i];
        if (at < subject.not_before()) {
            status[i].insert(Code::CERT_NOT_YET_VALID);
        }
        if (subject.not_after() < at) {
            status[i].insert(Code::CERT_HAS_EXPIRED);
        }
        if (i + 1 == path.size()) {
            break;  // the anchor
        }
        const Botan::X509_Certificate& issuer = *path[i + 1];
        if (!issuer.is_CA_cert()) {
            status[i].insert(Code::CA_CERT_NOT_FOR_CERT_ISSUER);
        }
        if (issuer.path_limit() < i) {
            status[i].insert(Code::CERT_CHAIN_TOO_LONG);
        }
        try {
            const std::unique_ptr<Botan::Public_Key> key = issuer.load_subject_public_key();
            if (key->estimated_strength() < restrictions.minimum_key_strength()) {
                status[i].insert(Code::SIGNATURE_METHOD_TOO_WEAK);
            }
            if (!subject.check_signature(*key)) {
                status[i].insert(Code::SIGNATURE_ERROR);
            }
            const auto& hashes = restrictions.trusted_hashes();
            if (!hashes.empty() && hashes.count(subject.hash_used_for_signature()) == 0) {
                status[i].insert(Code::UNTRUSTED_HASH);
            }
        } catch (const std::exception&) {
            status[i].insert(Code::CERT_PUBKEY_INVALID);
        }
    }
    if (!req.crls.empty()) {
        Botan::Certificate_Store_In_Memory crl_store;
        for (const auto& crl : req.crls) {
            crl_store.add_crl(crl);
        }
        const auto crl_status =
            Botan::PKIX::check_crl(path, std::vector<Botan::Certificate_Store*>{&crl_store}, req.at);
        Botan::PKIX::merge_revocation_status(status, crl_status, {}, true, false);
    }
    return status;
}

// Botan 2.19 reports the policy extensions it does not decode (policyMappings, policyConstraints,
// inhibitAnyPolicy), and a nameConstraints with IPv6 or otherName subtrees, as unknown critical ones; certctl
// processes them itself (policy_tree.h, name_constraints.h). True when every unknown critical extension of
// `cert` is one of those.
bool unknown_critical_are_handled(const Botan::X509_Certificate& cert) {
    for (const auto& [ext, critical] : cert.v3_extensions().extensions()) {
        const bool unknown = dynamic_cast<const Botan::Cert_Extension::Unknown_Extension*>(ext.get()) != nullptr;
        const std::string oid = ext->oid_of().to_string();
        if (critical && unknown && !is_policy_extension(oid) && !is_name_constraints_extension(oid)) {
            return false;
        }
    }
    return true;
}

// RFC 5280 6.1 policy processing over `built` (end entity first, anchor last; the anchor is an input).
PolicyOutcome check_policies(const std::vector<std::shared_ptr<const Botan::X509_Certificate>>& built,
                             const PolicyInputs& inputs) {
    std::vector<PolicyFacts> top_down;
    for (std::size_t k = built.size() - 1; k-- > 0;) {
        top_down.push_back(read_policy_facts(*built[k]));
    }
    return process_policies(top_down, inputs);
}

std::string describe(Code code, const Botan::X509_Certificate* cert, const PathRequest& req) {
    const std::string who = cert != nullptr ? label(*cert) + ": " : "";
    switch (code) {
        case Code::CERT_HAS_EXPIRED:
            return who + "certificate has expired (notAfter " + time_rfc3339(cert->not_after()) + ")";
        case Code::CERT_NOT_YET_VALID:
            return who + "certificate is not yet valid (notBefore " + time_rfc3339(cert->not_before()) + ")";
        case Code::CERT_NAME_NOMATCH:
            return who + "certificate does not match the host name " + req.hostname;
        case Code::INVALID_USAGE:
            return who + "certificate does not allow the purpose " + req.purpose;
        case Code::CERT_IS_REVOKED:
            return who + "certificate is revoked (by a given CRL)";
        case Code::UNTRUSTED_HASH:
        case Code::SIGNATURE_METHOD_TOO_WEAK:
            return who + std::string(Botan::to_string(code)) +
                   (req.allow_legacy_crypto ? "" : " (SHA-1/MD5 signatures and RSA keys under 2048 bits fail; "
                                                   "--allow-legacy-crypto accepts SHA-1 and RSA >= 1024)");
        default:
            return who + Botan::to_string(code);
    }
}
}  // namespace

// Long by design: a flat switch, one case per Botan status the command contract names.
const char* status_code_name(Code code) {
    switch (code) {
        case Code::CERT_HAS_EXPIRED:
            return "expired";
        case Code::CERT_NOT_YET_VALID:
            return "not_yet_valid";
        case Code::CERT_NAME_NOMATCH:
            return "hostname_mismatch";
        case Code::INVALID_USAGE:
            return "purpose_mismatch";
        case Code::CERT_IS_REVOKED:
            return "revoked";
        case Code::UNTRUSTED_HASH:
        case Code::SIGNATURE_METHOD_TOO_WEAK:
            return "weak_signature";
        case Code::SIGNATURE_ERROR:
            return "signature_invalid";
        case Code::SIGNATURE_ALGO_UNKNOWN:
        case Code::SIGNATURE_ALGO_BAD_PARAMS:
            return "signature_algorithm_unsupported";
        case Code::CERT_PUBKEY_INVALID:
            return "public_key_invalid";
        case Code::CERT_ISSUER_NOT_FOUND:
            return "issuer_not_found";
        case Code::CANNOT_ESTABLISH_TRUST:
        case Code::CHAIN_LACKS_TRUST_ROOT:
            return "untrusted_root";
        case Code::CERT_CHAIN_LOOP:
            return "path_loop";
        case Code::CHAIN_NAME_MISMATCH:
            return "issuer_name_mismatch";
        case Code::CERT_CHAIN_TOO_LONG:
            return "path_length_exceeded";
        case Code::CA_CERT_NOT_FOR_CERT_ISSUER:
            return "issuer_not_ca";
        case Code::CA_CERT_NOT_FOR_CRL_ISSUER:
            return "crl_issuer_not_ca";
        case Code::NAME_CONSTRAINT_ERROR:
            return "name_constraints";
        case Code::UNKNOWN_CRITICAL_EXTENSION:
            return "unknown_critical_extension";
        case Code::DUPLICATE_CERT_EXTENSION:
            return "duplicate_extension";
        case Code::EXT_IN_V1_V2_CERT:
            return "extensions_in_v1_certificate";
        case Code::V2_IDENTIFIERS_IN_V1_CERT:
            return "v2_identifiers_in_v1_certificate";
        case Code::DUPLICATE_CERT_POLICY:
            return "duplicate_policy";
        case Code::POLICY_ERROR:
            return "policy_error";
        case Code::NO_REVOCATION_DATA:
            return "crl_missing";
        case Code::CRL_NOT_YET_VALID:
            return "crl_not_yet_valid";
        case Code::CRL_HAS_EXPIRED:
            return "crl_expired";
        case Code::CRL_BAD_SIGNATURE:
            return "crl_signature_invalid";
        default:
            return "path_invalid";
    }
}

namespace {
// A reason with its code, each reason once, in the order found.
class Reasons final {
public:
    explicit Reasons(PathResult& out) : m_out(out) {}
    void add(const std::string& code, const std::string& reason) {
        if (m_seen.insert(reason).second) {
            m_out.reasons.push_back(reason);
            m_out.codes.push_back(code);
        }
    }

private:
    PathResult& m_out;
    std::set<std::string> m_seen;
};

void set_path(PathResult& out, const std::vector<std::shared_ptr<const Botan::X509_Certificate>>& path) {
    out.path.clear();
    for (const auto& c : path) {
        out.path.push_back({dn_string(c->subject_dn()), fingerprint_sha256(*c), time_rfc3339(c->not_after())});
    }
    if (!path.empty()) {
        out.anchor = dn_string(path.back()->subject_dn());
    }
}

// A self-signed certificate that is itself a trust anchor is valid within its dates, as `openssl verify` says;
// Botan would refuse to build a path from a self-signed certificate to itself (CANNOT_ESTABLISH_TRUST). The
// verdict when the end entity is such an anchor, nullopt when it is not.
std::optional<PathResult> validate_own_anchor(const PathRequest& req, const Purpose& purpose) {
    const Botan::X509_Certificate& c = req.chain.front();
    const std::string leaf_fp = fingerprint_sha256(c);
    const bool is_anchor =
        c.is_self_signed() && std::any_of(req.anchors.begin(), req.anchors.end(),
                                          [&](const auto& a) { return fingerprint_sha256(a) == leaf_fp; });
    if (!is_anchor) {
        return std::nullopt;
    }
    PathResult out;
    out.path.push_back({dn_string(c.subject_dn()), leaf_fp, time_rfc3339(c.not_after())});
    out.anchor = dn_string(c.subject_dn());
    out.notes.emplace_back("the certificate is itself a trust anchor");
    const auto add = [&out](const std::string& code, const std::string& reason) {
        out.reasons.push_back(reason);
        out.codes.push_back(code);
    };
    if (not_yet_valid(c, req.at)) {
        add(status_code_name(Code::CERT_NOT_YET_VALID), describe(Code::CERT_NOT_YET_VALID, &c, req));
    }
    if (expired(c, req.at)) {
        add(status_code_name(Code::CERT_HAS_EXPIRED), describe(Code::CERT_HAS_EXPIRED, &c, req));
    }
    // Being its own anchor vouches for the issuer, never for the name or the key.
    if (!req.hostname.empty() && !hostname_matches(c, req.hostname, req.profile)) {
        add(status_code_name(Code::CERT_NAME_NOMATCH), describe(Code::CERT_NAME_NOMATCH, &c, req));
    }
    if (const auto weak = weak_key_finding(c, req.allow_legacy_crypto)) {
        add("weak_key", label(c) + ": " + *weak);
    }
    for (const std::string& f : role_findings(summarize(c), purpose)) {
        add("purpose_mismatch", label(c) + ": " + f);
    }
    for (const RuleFinding& f : check_rules({std::make_shared<const Botan::X509_Certificate>(c)}, req.profile)) {
        add(f.code, label(c) + ": " + f.text);
    }
    out.valid = out.reasons.empty();
    return out;
}

Botan::Path_Validation_Restrictions restrictions_for(const PathRequest& req) {
    // Legacy: 80 bits of strength admits RSA-1024 and SHA-1; MD5 is never among the trusted hashes.
    const std::set<std::string> hashes =
        req.allow_legacy_crypto ? std::set<std::string>{"SHA-160", "SHA-224", "SHA-256", "SHA-384", "SHA-512"}
                                : std::set<std::string>{"SHA-224", "SHA-256", "SHA-384", "SHA-512"};
    // With CRL files given, the end entity must be covered, as `openssl verify -crl_check` does.
    return Botan::Path_Validation_Restrictions(!req.crls.empty(), minimum_key_strength(req.allow_legacy_crypto), false,
                                               hashes);
}

const char* const k_untrusted_root =
    "untrusted root: the chain ends in a self-signed certificate that is not a trust anchor";

// Botan's verdict when it reported no per-certificate status: the path did not reach an anchor.
void add_overall_result(Code result, const PathRequest& req, PathResult& out, Reasons& reasons) {
    if (result == Code::CERT_ISSUER_NOT_FOUND) {
        out.missing_issuer = missing_issuer(req.chain, req.anchors);
        reasons.add("issuer_not_found", "unknown issuer: no certificate for \"" + out.missing_issuer +
                                            "\" in the chain or the trust anchors (missing intermediate or "
                                            "untrusted root)");
    } else if (result == Code::CANNOT_ESTABLISH_TRUST) {
        reasons.add("untrusted_root", k_untrusted_root);
    } else {
        reasons.add(status_code_name(result), describe(result, nullptr, req));
    }
}

// Botan's statuses per certificate of the path, less those certctl decides itself.
void add_statuses(const Botan::CertificatePathStatusCodes& statuses,
                  const std::vector<std::shared_ptr<const Botan::X509_Certificate>>& built, const PathRequest& req,
                  PathResult& out, Reasons& reasons) {
    for (std::size_t i = 0; i < statuses.size(); ++i) {
        const Botan::X509_Certificate* cert = i < built.size() ? built[i].get() : nullptr;
        for (const Code code : statuses[i]) {
            // 2.19 compares the first CRL DP with a CRL's IssuingDistributionPoint; OpenSSL-made CRLs carry none,
            // and RFC 5280 6.3.3 does not require it for a complete CRL, so this one status is dropped.
            if (code == Code::NO_MATCHING_CRLDP || static_cast<int>(code) < 1000) {
                if (code == Code::VALID_CRL_CHECKED && cert != nullptr) {
                    out.notes.push_back(label(*cert) + ": checked against a CRL");
                }
                continue;
            }
            if (code == Code::UNKNOWN_CRITICAL_EXTENSION && cert != nullptr && unknown_critical_are_handled(*cert)) {
                continue;
            }
            if (code == Code::NAME_CONSTRAINT_ERROR) {
                continue;  // decided by check_name_constraints below, with the exemptions Botan 2.19 lacks
            }
            if (code == Code::CANNOT_ESTABLISH_TRUST) {
                reasons.add("untrusted_root", k_untrusted_root);
                continue;
            }
            reasons.add(status_code_name(code), describe(code, cert, req));
        }
    }
}

// The end entity's host name, key and roles.
void add_leaf_checks(const PathRequest& req, const Purpose& purpose, Reasons& reasons) {
    const Botan::X509_Certificate& leaf = req.chain.front();
    if (!req.hostname.empty() && !hostname_matches(leaf, req.hostname, req.profile)) {
        reasons.add(status_code_name(Code::CERT_NAME_NOMATCH), describe(Code::CERT_NAME_NOMATCH, &leaf, req));
    }
    // Botan measures each issuer's key as it checks a signature; the end entity's key is measured here.
    if (const auto weak = weak_key_finding(leaf, req.allow_legacy_crypto)) {
        reasons.add("weak_key", label(leaf) + ": " + *weak);
    }
    if (std::string(purpose.name) != "any") {
        for (const std::string& f : role_findings(summarize(leaf), purpose)) {
            reasons.add("purpose_mismatch", label(leaf) + ": " + f);
        }
    }
}

// The profile's rules, CRLs, name constraints and policies over the path Botan (or the partial-chain walk)
// built, after Botan's own checks.
void add_path_rules(const std::vector<std::shared_ptr<const Botan::X509_Certificate>>& built, const PathRequest& req,
                    PathResult& out, Reasons& reasons) {
    for (const RuleFinding& f : check_rules(built, req.profile)) {
        reasons.add(f.code, label(*built[f.position]) + ": " + f.text);
    }
    for (const RuleFinding& f : check_crls(req.crls, built)) {
        reasons.add(f.code, label(*built[f.position]) + ": " + f.text);
    }
    for (const NameConstraintFinding& f : check_name_constraints(built)) {
        reasons.add(f.code, label(*built[f.position]) + ": " + f.text);
    }
    if (built.size() >= 2) {
        const PolicyOutcome policy = check_policies(built, req.policy);
        out.policies = policy.valid_policies;
        out.explicit_policy_required = policy.explicit_policy_required;
        if (!policy.valid) {
            reasons.add(policy.code, label(*built[built.size() - 2 - policy.position]) + ": " + policy.reason);
        }
    }
}

// What the store knows of the end entity's revocation (the master list), beside any CRL files given.
void add_store_revocation(const PathRequest& req, Reasons& reasons) {
    if (req.revocation == nullptr) {
        return;
    }
    const Botan::X509_Certificate& leaf = req.chain.front();
    const RevocationStatus st = req.revocation->lookup(leaf.raw_issuer_dn(), leaf.serial_number());
    if (st.state == RevocationStatus::State::revoked) {
        reasons.add("revoked",
                    label(leaf) + ": certificate is revoked (" + (st.reason.empty() ? "unspecified" : st.reason) +
                        (st.revocation_date.empty() ? "" : ", " + st.revocation_date) + ", " + st.source + ")");
    }
}

// One candidate: `req.chain` is the path to check (end entity first) and `req.anchors` its anchor; Botan's
// validator, the partial-chain checks and the profile's rules all run on it.
PathResult validate_candidate(const PathRequest& req) {
    PathResult out;
    const Purpose& purpose = find_purpose(req.purpose);
    if (req.chain.empty()) {
        out.reasons.emplace_back("no certificate to validate");
        out.codes.emplace_back("no_certificate");
        return out;
    }
    if (auto own = validate_own_anchor(req, purpose)) {
        return std::move(*own);
    }
    Botan::Certificate_Store_In_Memory trusted;  // anchors, and the only place Botan looks for CRLs
    for (const auto& a : req.anchors) {
        trusted.add_certificate(a);
    }
    for (const auto& crl : req.crls) {
        trusted.add_crl(crl);
    }
    const Botan::Path_Validation_Restrictions restrictions = restrictions_for(req);
    if (req.allow_legacy_crypto) {
        out.notes.emplace_back("legacy crypto allowed: SHA-1 signatures and RSA keys of 1024 bits or more accepted");
    }
    const Botan::Path_Validation_Result r =
        Botan::x509_path_validate(req.chain, restrictions, trusted, "", purpose.usage, req.at);
    std::vector<std::shared_ptr<const Botan::X509_Certificate>> built(r.cert_path().begin(), r.cert_path().end());
    set_path(out, built);
    Botan::CertificatePathStatusCodes statuses = r.all_statuses();
    if (statuses.empty() && r.result() == Code::CERT_ISSUER_NOT_FOUND) {
        // RFC 5280 6.1.1 (d): a trust anchor is an input, not necessarily self-signed. Botan 2.19 only ends a
        // path at a self-signed certificate, so a path ending at a bundle's intermediate (OpenSSL's
        // -partial_chain) is checked here with Botan's own chain and CRL checks.
        built = partial_path(req);
        if (!built.empty()) {
            statuses = check_partial(built, req, purpose, restrictions);
            out.notes.push_back("anchored by a CA certificate that is not self-signed (partial chain)");
            set_path(out, built);
        }
    }
    Reasons reasons(out);
    if (statuses.empty()) {
        add_overall_result(r.result(), req, out, reasons);
    }
    add_statuses(statuses, built, req, out, reasons);
    add_leaf_checks(req, purpose, reasons);
    add_path_rules(built, req, out, reasons);
    add_store_revocation(req, reasons);
    out.valid = out.reasons.empty();
    return out;
}

// The certificates met walking up from the end entity by issuer name, first match each time, no loops: what
// Botan is given when no candidate path reaches an anchor, so its verdict names the missing issuer or the
// untrusted root without Botan searching a large set itself (its search has no bound).
std::vector<Botan::X509_Certificate> greedy_chain(const PathRequest& req) {
    std::vector<Botan::X509_Certificate> out{req.chain.front()};
    const PathBounds bounds;
    while (out.size() < bounds.max_depth && !out.back().is_self_signed()) {
        const Botan::X509_Certificate* next = nullptr;
        for (std::size_t i = 1; i < req.chain.size() && next == nullptr; ++i) {
            const bool seen = std::any_of(out.begin(), out.end(), [&](const auto& c) { return c == req.chain[i]; });
            if (!seen && req.chain[i].subject_dn() == out.back().issuer_dn()) {
                next = &req.chain[i];
            }
        }
        if (next == nullptr) {
            break;
        }
        out.push_back(*next);
    }
    return out;
}
}  // namespace

PathResult validate_path(const PathRequest& req) {
    if (req.chain.empty()) {
        return validate_candidate(req);
    }
    const Botan::X509_Certificate& leaf = req.chain.front();
    if (leaf.is_self_signed() &&
        std::any_of(req.anchors.begin(), req.anchors.end(), [&](const auto& a) { return a == leaf; })) {
        return validate_candidate(req);  // the end entity is its own anchor
    }
    const std::vector<Botan::X509_Certificate> untrusted(req.chain.begin() + 1, req.chain.end());
    std::optional<PathResult> accepted;
    std::optional<PathResult> first_failure;
    const PathBounds bounds;
    const PathSearch search = search_paths(leaf, untrusted, req.anchors, bounds, [&](const CandidatePath& path) {
        PathRequest one = req;
        one.chain.clear();
        for (std::size_t i = 0; i + 1 < path.size(); ++i) {
            one.chain.push_back(*path[i]);
        }
        one.anchors = {*path.back()};
        PathResult r = validate_candidate(one);
        if (r.valid) {
            accepted = std::move(r);
            return true;
        }
        if (!first_failure) {
            first_failure = std::move(r);
        }
        return false;
    });
    if (accepted) {
        if (search.candidates > 1) {
            accepted->notes.push_back("valid through candidate path " + std::to_string(search.candidates) +
                                      " (the earlier ones failed)");
        }
        return *accepted;
    }
    PathResult out;
    if (first_failure) {
        out = *first_failure;
    } else {
        PathRequest greedy = req;
        greedy.chain = greedy_chain(req);
        out = validate_candidate(greedy);
    }
    if (search.outcome == PathSearch::Outcome::gave_up) {
        out.valid = false;
        out.reasons.insert(out.reasons.begin(),
                           "path building gave up after " + std::to_string(search.candidates) + " candidates and " +
                               std::to_string(search.signature_checks) + " signature checks (bounds: " +
                               std::to_string(bounds.max_candidates) + " candidate paths, " +
                               std::to_string(bounds.max_signature_checks) + " signature checks, " +
                               std::to_string(bounds.max_depth) + " certificates deep); give a shorter --chain");
        out.codes.insert(out.codes.begin(), "path_limit");
    } else if (search.candidates > 1) {
        out.notes.push_back("tried " + std::to_string(search.candidates) +
                            " candidate paths, none valid; the reasons are those of the first");
    }
    return out;
}

}  // namespace certctl::certs
