// lib/certs/validator.cpp — Botan's x509_path_validate fed with anchors, chain and CRLs (see validator.h).
#include "lib/certs/validator.h"

#include "lib/certs/cert_summary.h"

#include <botan/certstor.h>
#include <botan/x509path.h>
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

PathResult validate_path(const PathRequest& req) {
    PathResult out;
    const Purpose& purpose = find_purpose(req.purpose);
    if (req.chain.empty()) {
        out.reasons.emplace_back("no certificate to validate");
        return out;
    }
    // A certificate that is itself a trust anchor is valid within its dates, as `openssl verify` says; Botan
    // would refuse to build a path from a self-signed certificate to itself (CANNOT_ESTABLISH_TRUST).
    const std::string leaf_fp = fingerprint_sha256(req.chain.front());
    for (const auto& a : req.anchors) {
        if (fingerprint_sha256(a) == leaf_fp) {
            const Botan::X509_Certificate& c = req.chain.front();
            out.path.push_back({dn_string(c.subject_dn()), leaf_fp, time_rfc3339(c.not_after())});
            out.anchor = dn_string(c.subject_dn());
            out.notes.emplace_back("the certificate is itself a trust anchor");
            if (not_yet_valid(c, req.at)) {
                out.reasons.push_back(describe(Code::CERT_NOT_YET_VALID, &c, req));
            }
            if (expired(c, req.at)) {
                out.reasons.push_back(describe(Code::CERT_HAS_EXPIRED, &c, req));
            }
            for (const std::string& f : role_findings(summarize(c), purpose)) {
                out.reasons.push_back(label(c) + ": " + f);
            }
            out.valid = out.reasons.empty();
            return out;
        }
    }
    Botan::Certificate_Store_In_Memory trusted;  // anchors, and the only place Botan looks for CRLs
    for (const auto& a : req.anchors) {
        trusted.add_certificate(a);
    }
    for (const auto& crl : req.crls) {
        trusted.add_crl(crl);
    }
    // Legacy: 80 bits of strength admits RSA-1024 and SHA-1; MD5 is never among the trusted hashes.
    const std::set<std::string> hashes = req.allow_legacy_crypto
                                             ? std::set<std::string>{"SHA-160", "SHA-224", "SHA-256", "SHA-384", "SHA-512"}
                                             : std::set<std::string>{"SHA-224", "SHA-256", "SHA-384", "SHA-512"};
    // With CRL files given, the end entity must be covered, as `openssl verify -crl_check` does.
    const Botan::Path_Validation_Restrictions restrictions(!req.crls.empty(), req.allow_legacy_crypto ? 80 : 110, false,
                                                           hashes);
    if (req.allow_legacy_crypto) {
        out.notes.emplace_back("legacy crypto allowed: SHA-1 signatures and RSA keys of 1024 bits or more accepted");
    }
    const Botan::Path_Validation_Result r =
        Botan::x509_path_validate(req.chain, restrictions, trusted, req.hostname, purpose.usage, req.at);

    const auto& path = r.cert_path();
    for (const auto& c : path) {
        out.path.push_back({dn_string(c->subject_dn()), fingerprint_sha256(*c), time_rfc3339(c->not_after())});
    }
    if (!path.empty()) {
        out.anchor = dn_string(path.back()->subject_dn());
    }
    std::set<std::string> seen;
    const auto add = [&](const std::string& reason) {
        if (seen.insert(reason).second) {
            out.reasons.push_back(reason);
        }
    };
    if (r.all_statuses().empty()) {
        if (r.result() == Code::CERT_ISSUER_NOT_FOUND) {
            out.missing_issuer = missing_issuer(req.chain, req.anchors);
            add("unknown issuer: no certificate for \"" + out.missing_issuer +
                "\" in the chain or the trust anchors (missing intermediate or untrusted root)");
        } else if (r.result() == Code::CANNOT_ESTABLISH_TRUST) {
            add("untrusted root: the chain ends in a self-signed certificate that is not a trust anchor");
        } else {
            add(describe(r.result(), nullptr, req));
        }
    }
    for (std::size_t i = 0; i < r.all_statuses().size(); ++i) {
        const Botan::X509_Certificate* cert = i < path.size() ? path[i].get() : nullptr;
        for (const Code code : r.all_statuses()[i]) {
            // 2.19 compares the first CRL DP with a CRL's IssuingDistributionPoint; OpenSSL-made CRLs carry none,
            // and RFC 5280 6.3.3 does not require it for a complete CRL, so this one status is dropped.
            if (code == Code::NO_MATCHING_CRLDP || static_cast<int>(code) < 1000) {
                if (code == Code::VALID_CRL_CHECKED && cert != nullptr) {
                    out.notes.push_back(label(*cert) + ": checked against a CRL");
                }
                continue;
            }
            if (code == Code::CANNOT_ESTABLISH_TRUST) {
                add("untrusted root: the chain ends in a self-signed certificate that is not a trust anchor");
                continue;
            }
            add(describe(code, cert, req));
        }
    }
    if (std::string(purpose.name) != "any") {
        for (const std::string& f : role_findings(summarize(req.chain.front()), purpose)) {
            add(label(req.chain.front()) + ": " + f);
        }
    }
    if (req.revocation != nullptr) {
        const Botan::X509_Certificate& leaf = req.chain.front();
        const RevocationStatus st = req.revocation->lookup(leaf.raw_issuer_dn(), leaf.serial_number());
        if (st.state == RevocationStatus::State::revoked) {
            add(label(leaf) + ": certificate is revoked (" + (st.reason.empty() ? "unspecified" : st.reason) +
                (st.revocation_date.empty() ? "" : ", " + st.revocation_date) + ", " + st.source + ")");
        }
    }
    out.valid = out.reasons.empty();
    return out;
}

}  // namespace certctl::certs
