// policies/role_check.cpp — role findings (certs::role_findings) and path validation to the row's bundle.
#include "policies/role_check.h"

#include "lib/certs/cert_parser.h"
#include "lib/certs/cert_summary.h"
#include "lib/certs/key_strength.h"
#include "lib/certs/purpose.h"
#include "lib/certs/validator.h"
#include "lib/core/error.h"
#include "lib/trust/trust_store.h"

#include <algorithm>
#include <botan/exceptn.h>

namespace certctl::policies {

namespace {
std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& s : items) {
        out += (out.empty() ? "" : "; ") + s;
    }
    return out;
}
}  // namespace

std::vector<Botan::X509_Certificate> BundleAnchors::get(const std::string& bundle) {
    const std::lock_guard<std::mutex> lock(m_mutex);
    auto it = m_bundles.find(bundle);
    if (it == m_bundles.end()) {
        Loaded loaded;
        try {
            loaded.anchors = trust::TrustStore(m_db, m_clock).anchors(bundle);
        } catch (...) {
            loaded.error = std::current_exception();
        }
        it = m_bundles.emplace(bundle, std::move(loaded)).first;
    }
    if (it->second.error) {
        std::rethrow_exception(it->second.error);
    }
    return it->second.anchors;
}

std::optional<std::string> invalid_reason(BundleAnchors& anchors, const InventoryRow& row,
                                          const std::vector<std::uint8_t>& der, core::TimePoint at) {
    try {
        const Botan::X509_Certificate cert(der);
        // Outside its own dates the certificate is critical for that reason alone, and evaluate() says so
        // ("expired 3 days ago"). Judging its chain at some other moment would put a misleading reason
        // first: a chain validated at the leaf's notAfter calls a younger intermediate "not yet valid".
        if (certs::expired(cert, at) || certs::not_yet_valid(cert, at)) {
            return std::nullopt;
        }
        const auto names = certs::purpose_names();
        if (std::find(names.begin(), names.end(), row.purpose) != names.end()) {
            const auto findings = certs::role_findings(certs::role_facts(cert), certs::find_purpose(row.purpose));
            if (!findings.empty()) {
                return "wrong role for purpose " + row.purpose + ": " + joined(findings);
            }
        }
        if (const auto weak = certs::weak_key_finding(cert, false)) {
            return *weak;
        }
        if (row.trust_bundle.empty()) {
            return std::nullopt;
        }
        certs::PathRequest req;
        req.chain.push_back(cert);
        if (!row.chain_pem.empty()) {
            for (auto& c : certs::parse_certificates(row.chain_pem, row.name + " chain")) {
                req.chain.push_back(std::move(c));
            }
        }
        req.anchors = anchors.get(row.trust_bundle);
        req.at = at;
        req.purpose = names.end() != std::find(names.begin(), names.end(), row.purpose) ? row.purpose : "any";
        const certs::PathResult r = certs::validate_path(req);
        if (!r.valid) {
            return "chain to trust bundle " + row.trust_bundle + ": " + joined(r.reasons);
        }
        return std::nullopt;
    } catch (const core::Error& e) {
        if (e.code() == core::Errc::not_found) {
            return "trust bundle " + row.trust_bundle + " is gone";
        }
        return std::string(e.what());
    } catch (const Botan::Exception& e) {
        return std::string("cannot be read: ") + e.what();
    }
}

InvalidCheck invalid_check(BundleAnchors& anchors, core::TimePoint at) {
    return [&anchors, at](const InventoryRow& row, const std::vector<std::uint8_t>& der) {
        return invalid_reason(anchors, row, der, at);
    };
}

}  // namespace certctl::policies
