// policies/role_check.cpp — role findings (certs::role_findings) and path validation to the row's bundle.
#include "policies/role_check.h"

#include "lib/certs/cert_parser.h"
#include "lib/certs/cert_role_scan.h"
#include "lib/certs/cert_summary.h"
#include "lib/certs/key_strength.h"
#include "lib/certs/purpose.h"
#include "lib/certs/validator.h"
#include "lib/core/error.h"
#include "lib/trust/trust_store.h"

#include <algorithm>
#include <chrono>
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

// "wrong role for purpose ...", or nothing when the role fits or the row's purpose is not one of the table's.
std::optional<std::string> role_reason(const certs::CertSummary& role, const std::string& purpose) {
    const auto names = certs::purpose_names();
    if (std::find(names.begin(), names.end(), purpose) == names.end()) {
        return std::nullopt;
    }
    const auto findings = certs::role_findings(role, certs::find_purpose(purpose));
    if (findings.empty()) {
        return std::nullopt;
    }
    return "wrong role for purpose " + purpose + ": " + joined(findings);
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

bool invalid_reason_fast(const InventoryRow& row, const std::vector<std::uint8_t>& der, core::TimePoint at,
                         std::optional<std::string>& reason) {
    if (!row.trust_bundle.empty()) {
        return false;
    }
    const std::optional<certs::RoleScan> scan = certs::scan_role(der.data(), der.size());
    if (!scan) {
        return false;
    }
    // Botan compares whole seconds (an X509_Time made from `at` drops the fraction)
    const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(at.time_since_epoch()).count();
    if (scan->not_after < now || now < scan->not_before) {
        reason.reset();
    } else if (auto role = role_reason(scan->role, row.purpose)) {
        reason = std::move(role);
    } else {
        reason = certs::weak_key_finding(scan->key_algorithm, scan->key_bits, scan->key_strength, false);
    }
    return true;
}

std::optional<std::string> invalid_reason(BundleAnchors& anchors, const InventoryRow& row,
                                          const std::vector<std::uint8_t>& der, core::TimePoint at) {
    std::optional<std::string> reason;
    if (invalid_reason_fast(row, der, at, reason)) {
        return reason;
    }
    return invalid_reason_botan(anchors, row, der, at);
}

std::optional<std::string> invalid_reason_botan(BundleAnchors& anchors, const InventoryRow& row,
                                                const std::vector<std::uint8_t>& der, core::TimePoint at) {
    try {
        const Botan::X509_Certificate cert(der);
        // Outside its own dates the certificate is critical for that reason alone, and evaluate() says so
        // ("expired 3 days ago"). Judging its chain at some other moment would put a misleading reason
        // first: a chain validated at the leaf's notAfter calls a younger intermediate "not yet valid".
        if (certs::expired(cert, at) || certs::not_yet_valid(cert, at)) {
            return std::nullopt;
        }
        if (auto role = role_reason(certs::role_facts(cert), row.purpose)) {
            return role;
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
        const auto names = certs::purpose_names();
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
