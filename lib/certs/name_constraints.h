// lib/certs/name_constraints.h — RFC 5280 4.2.1.10 and 6.1.3 (b), (c) name constraints over a path, done by
// certctl rather than by Botan 2.19, which cannot decode IPv6 or otherName subtrees (it then calls the whole
// extension an unknown critical one), applies constraints to self-issued intermediates that RFC 5280
// exempts, accepts a dNSName subtree with a leading period, and lets a wildcard name pass an excluded
// subtree it may stand for.
#pragma once
#include <botan/x509cert.h>
#include <memory>
#include <string>
#include <vector>

namespace certctl::certs {

// Names times constraints per certificate and constraining CA, past which a path is refused unchecked
// ("name_constraints_limit"), as OpenSSL does since its quadratic-blowup fix: a crafted chain must not turn
// one verification into seconds of work.
inline constexpr std::size_t k_max_name_constraint_checks = std::size_t{1} << 20;

struct NameConstraintFinding {
    std::size_t position = 0;  // index into the path of the certificate the finding is about
    std::string code;  // "name_constraints", "name_constraints_malformed", "name_constraints_unsupported",
                       // "name_constraints_limit"
    std::string text;          // one sentence
};

// `path`: end entity first, trust anchor last. The anchor's constraints count (an anchor is trusted with
// them). Every name of each certificate below a constraining CA is checked: the subject DN (directoryName),
// the subjectAltName entries, and the subject's emailAddress when there is no subjectAltName.
std::vector<NameConstraintFinding> check_name_constraints(
    const std::vector<std::shared_ptr<const Botan::X509_Certificate>>& path);

// Whether `oid` is nameConstraints (processed here, so Botan's "unknown critical extension" for it is not a reason).
bool is_name_constraints_extension(const std::string& oid);

}  // namespace certctl::certs
