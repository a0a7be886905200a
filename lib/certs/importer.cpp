// lib/certs/importer.cpp — the import checks and their one transaction (see importer.h).
#include "lib/certs/importer.h"
#include "lib/certs/lifecycle_store.h"

#include "lib/audit/audit_log.h"
#include "lib/audit/counters.h"
#include "lib/certs/cert_parser.h"
#include "lib/certs/key_strength.h"
#include "lib/certs/pem.h"
#include "lib/certs/purpose.h"
#include "lib/certs/validator.h"
#include "lib/core/error.h"
#include "lib/core/file_io.h"
#include "lib/core/name.h"
#include "lib/core/rfc3339.h"
#include "lib/keys/key_store.h"

#include <algorithm>
#include <filesystem>

namespace certctl::certs {

namespace {
struct Parsed {
    std::optional<Botan::X509_Certificate> leaf;
    std::vector<Botan::X509_Certificate> chain;
};

std::string join(const std::vector<std::string>& items, const std::string& sep) {
    std::string out;
    for (const auto& i : items) {
        out += (out.empty() ? "" : sep) + i;
    }
    return out;
}

std::string label(const CertSummary& s) { return s.common_name.empty() ? s.subject : s.common_name; }

// A PKCS#7 carries the certificate with its chain: the leaf is the one that issued none of the others.
Parsed split_leaf(std::vector<Botan::X509_Certificate> certs, const std::string& format, const std::string& source) {
    Parsed out;
    if (certs.size() == 1) {
        out.leaf = certs.front();
        return out;
    }
    if (format.rfind("pkcs7", 0) != 0) {
        throw core::Error(core::Errc::bad_input, "cannot import certificate", source,
                          "the file holds " + std::to_string(certs.size()) + " certificates; expected one",
                          "put the certificate alone in FILE and its issuers in --chain FILE");
    }
    std::vector<std::size_t> leaves;
    for (std::size_t i = 0; i < certs.size(); ++i) {
        bool issues_another = false;
        for (std::size_t j = 0; j < certs.size(); ++j) {
            issues_another = issues_another || (i != j && certs[j].issuer_dn() == certs[i].subject_dn());
        }
        if (!issues_another) {
            leaves.push_back(i);
        }
    }
    if (leaves.size() != 1) {
        throw core::Error(core::Errc::bad_input, "cannot import certificate", source,
                          "the PKCS#7 holds " + std::to_string(certs.size()) +
                              " certificates that do not form one chain",
                          "import one certificate; give its issuers with --chain FILE");
    }
    out.leaf = certs[leaves.front()];
    for (std::size_t i = 0; i < certs.size(); ++i) {
        if (i != leaves.front()) {
            out.chain.push_back(certs[i]);
        }
    }
    return out;
}

std::optional<std::string> key_fingerprint(storage::Database& db, const std::string& name) {
    if (auto key = keys::find_key(db, name)) {
        return key->public_key_sha256;
    }
    return std::nullopt;
}

nlohmann::json audit_detail(const ImportRequest& req, const std::optional<CertSummary>& s, const Purpose* purpose,
                            const ImportResult& res) {
    nlohmann::json crl_urls = nlohmann::json::array();
    if (s) {
        for (const auto& u : s->crl_urls) {
            crl_urls.push_back(u);
        }
    }
    return {{"name", req.name},
            {"source", req.track ? "tracked" : "imported"},
            {"file", req.file},
            {"purpose", s && purpose != nullptr ? nlohmann::json(purpose_description(*s, *purpose))
                                                : nlohmann::json(req.purpose)},
            {"common_name", s ? nlohmann::json(s->common_name) : nlohmann::json(nullptr)},
            {"crl_urls", crl_urls},
            {"certificate_authority", s ? nlohmann::json(s->issuer_slash) : nlohmann::json(nullptr)},
            {"fingerprint", s ? nlohmann::json(s->fingerprint) : nlohmann::json(nullptr)},
            {"validation_mode", to_string(req.mode)},
            {"trust_bundle", req.trust_bundle.empty() ? nlohmann::json(nullptr) : nlohmann::json(req.trust_bundle)},
            {"key", res.record.key_name.empty() ? nlohmann::json(nullptr) : nlohmann::json(res.record.key_name)},
            {"warnings", res.warnings}};
}
// The findings of checks (3) and (4), each once, in the order found.
class Findings final {
public:
    void add(const std::string& f) {
        if (std::find(m_items.begin(), m_items.end(), f) == m_items.end()) {
            m_items.push_back(f);
        }
    }
    const std::vector<std::string>& items() const { return m_items; }

private:
    std::vector<std::string> m_items;
};

// A name in use is refused, unless `cert renew --csr-out` is waiting for this answer (returned then).
std::optional<PendingRenewal> check_name_free(storage::Database& db, const ImportRequest& req) {
    const std::optional<PendingRenewal> pending = req.track ? std::nullopt : Inventory(db).pending_renewal(req.name);
    if (!pending && Inventory(db).exists(req.name)) {
        throw core::Error(core::Errc::usage, "certificate name already in use", req.name,
                          "a certificate with this name exists; nothing was overwritten",
                          "pick another name, or `certctl cert remove " + req.name + "` first");
    }
    return pending;
}

// (1) and (2): read; a private key anywhere refuses the file before it is parsed. Then the leaf and its chain.
Parsed read_leaf_and_chain(const ImportRequest& req) {
    const std::string bytes = req.contents ? *req.contents : core::read_file(req.file, "certificate file");
    const CertFile file = read_certificate_file(bytes, req.file);
    std::vector<Botan::X509_Certificate> certs;
    for (const CertItem& item : file.items) {
        if (!item.cert) {
            throw core::Error(core::Errc::bad_input, "cannot import certificate", req.file,
                              item.where + ": " + item.error, "expected a PEM, DER or PKCS#7 certificate");
        }
        certs.push_back(*item.cert);
    }
    Parsed parsed = split_leaf(certs, file.format, req.file);
    if (!req.chain_file.empty()) {
        const std::string chain_bytes = core::read_file(req.chain_file, "chain file");
        for (const auto& c : parse_certificates(chain_bytes, req.chain_file)) {
            parsed.chain.push_back(c);
        }
    }
    return parsed;
}

// (3) dates, roles, key strength and, with a trust bundle, the path.
void check_leaf(const ImportRequest& req, const Parsed& parsed, const CertSummary& summary, const Purpose& purpose,
                core::TimePoint now, const BundleLoader& bundles, Findings& findings, ImportResult& res) {
    const Botan::X509_Certificate& leaf = *parsed.leaf;
    const std::string who = label(summary);
    if (not_yet_valid(leaf, now)) {
        findings.add(who + ": certificate is not yet valid (notBefore " + summary.not_before + ")");
    }
    if (expired(leaf, now)) {
        findings.add(who + ": certificate has expired (notAfter " + summary.not_after + ")");
    }
    for (const std::string& f : role_findings(summary, purpose)) {
        findings.add(who + ": " + f);
    }
    if (const auto weak = weak_key_finding(leaf, false)) {  // with or without a bundle, as verify measures it
        findings.add(who + ": " + *weak);
    }
    if (req.trust_bundle.empty()) {
        res.notes.emplace_back("chain not checked: no --trust bundle given");
        return;
    }
    PathRequest path;
    path.chain.push_back(leaf);
    path.chain.insert(path.chain.end(), parsed.chain.begin(), parsed.chain.end());
    path.anchors = bundles(req.trust_bundle);
    path.at = now;
    path.purpose = req.purpose;
    path.profile = req.profile;
    for (const std::string& r : validate_path(path).reasons) {
        findings.add(r);
    }
}

// (4) revocation, as far as the store knows.
void check_revocation(const Botan::X509_Certificate& leaf, const std::string& who, const RevocationLookup& revocation,
                      Findings& findings, ImportResult& res) {
    const RevocationStatus rev = revocation.lookup(leaf.raw_issuer_dn(), leaf.serial_number());
    if (rev.state == RevocationStatus::State::revoked) {
        findings.add(who + ": certificate is revoked (" + (rev.reason.empty() ? "unspecified" : rev.reason) +
                     (rev.revocation_date.empty() ? "" : " since " + rev.revocation_date) + ", " + rev.source + ")");
    } else if (rev.state == RevocationStatus::State::unknown) {
        res.notes.push_back("revocation unknown: " + rev.source);
    }
}

// (5) the key called NAME, if any, must be the certificate's key: in every mode. So must the key of the CSR a
// pending renewal waits on.
void check_key_match(storage::Database& db, const ImportRequest& req, const CertSummary& summary,
                     const std::optional<PendingRenewal>& pending, ImportResult& res) {
    if (const auto key_sha = key_fingerprint(db, req.name)) {
        if (*key_sha != summary.public_key_sha256) {
            throw core::Error(core::Errc::bad_input, "cannot import certificate", req.name,
                              "the certificate's public key does not match the key \"" + req.name + "\"",
                              "import the certificate issued for this key, or use another name");
        }
        res.record.key_name = req.name;
    }
    if (pending && pending->public_key_sha256 != summary.public_key_sha256) {
        throw core::Error(
            core::Errc::bad_input, "cannot complete the renewal of", req.name,
            "the certificate does not carry the key of the CSR `cert renew --csr-out` wrote on " + pending->requested,
            "import the certificate the CA issued for that CSR");
    }
}

// The inventory row (res.record, whose key_name check_key_match set).
void fill_record(const ImportRequest& req, const Parsed& parsed, const CertSummary& summary, core::TimePoint now,
                 ImportResult& res) {
    CertRecord& r = res.record;
    r.name = req.name;
    r.source = req.track ? "tracked" : "imported";
    if (req.track) {
        r.path = std::filesystem::absolute(req.file).lexically_normal().string();
    } else {
        r.der = parsed.leaf->BER_encode();
        std::string chain_pem;
        for (const auto& c : parsed.chain) {
            chain_pem += c.PEM_encode();
        }
        r.chain_pem = chain_pem;
    }
    r.purpose = req.purpose;
    set_certificate_fields(r, summary);
    r.trust_bundle = req.trust_bundle;
    r.policy = req.policy;
    r.action = req.action;
    r.validation_mode = to_string(req.mode);
    r.warnings = res.warnings;
    r.imported = core::format_rfc3339(now);
}

// Completing `cert renew --csr-out`: the new certificate replaces the old one under its name.
void replace_pending(storage::Database& db, const core::Clock& clock, const std::string& name, ImportResult& res) {
    Inventory inventory(db);
    const CertRecord& r = res.record;
    if (const auto old = inventory.find(name)) {
        res.replaced_serial = old->serial;
    }
    inventory.replace(r, r.imported, "replace");
    inventory.clear_pending_renewal(name);
    audit::AuditLog(db, clock).record("system.renew_certificate", name,
                                      {{"name", name},
                                       {"old_serial", res.replaced_serial},
                                       {"new_serial", r.serial},
                                       {"how", "external"},
                                       {"fingerprint", r.fingerprint},
                                       {"not_after", r.not_after}},
                                      true);
}

// One transaction: the row (or the replacement a pending renewal waited for), the change for deploy targets
// and hooks, the audit event and the counter.
void store(storage::Database& db, const core::Clock& clock, const ImportRequest& req, bool pending,
           const std::optional<CertSummary>& summary, const Purpose& purpose, ImportResult& res) {
    db.transaction([&] {
        const CertRecord& r = res.record;
        if (pending) {
            replace_pending(db, clock, req.name, res);
        } else {
            Inventory(db).add(r);
        }
        if (!req.track) {  // deploy targets and hooks run on it (after the commit, and from watch until they succeed)
            LifecycleStore(db).record_change(req.name, pending ? "replace" : "import", r.fingerprint, r.imported);
        }
        audit::AuditLog(db, clock).record("system.ingest_certificate", req.name,
                                          audit_detail(req, summary, &purpose, res), true);
        audit::Counters(db).increment("certificate_import_success");
    });
}

// Every refusal is audited and counted; a store that cannot record it (read-only, locked) reports the
// original error, which the caller rethrows.
void record_refusal(storage::Database& db, const core::Clock& clock, const ImportRequest& req,
                    const std::optional<CertSummary>& summary, const Purpose* purpose, const ImportResult& res,
                    const core::Error& e) {
    const std::string reason = e.why().empty() ? e.action() : e.why();
    try {
        db.transaction([&] {
            audit::AuditLog(db, clock).record("system.ingest_certificate", req.name,
                                              audit_detail(req, summary, purpose, res), false, reason);
            audit::Counters(db).increment("certificate_import_failure");
        });
    } catch (const std::exception&) {
        // The caller rethrows the original error: it explains the failure, not the audit.
    }
}

}  // namespace

Importer::Importer(storage::Database& db, const core::Clock& clock, const RevocationLookup& revocation,
                   BundleLoader bundles)
    : m_db(db), m_clock(clock), m_revocation(revocation), m_bundles(std::move(bundles)) {}

ImportResult Importer::import(const ImportRequest& req) {
    ImportResult res;
    std::optional<CertSummary> summary;
    const Purpose* purpose = nullptr;
    try {
        core::check_name("certificate", req.name);
        purpose = &find_purpose(req.purpose);
        const std::optional<PendingRenewal> pending = check_name_free(m_db, req);
        const Parsed parsed = read_leaf_and_chain(req);
        summary = summarize(*parsed.leaf);
        res.summary = *summary;
        const core::TimePoint now = m_clock.now();

        Findings findings;
        check_leaf(req, parsed, *summary, *purpose, now, m_bundles, findings, res);
        check_revocation(*parsed.leaf, label(*summary), m_revocation, findings, res);
        check_key_match(m_db, req, *summary, pending, res);
        if (!findings.items().empty() && req.mode == ValidationMode::strict && !req.track) {
            throw core::Error(core::Errc::bad_input, "cannot import certificate", req.file,
                              "validation failed in strict mode: " + join(findings.items(), "; "),
                              "fix the certificate or chain, or accept the findings with --validation-mode warn");
        }
        res.warnings = findings.items();
        fill_record(req, parsed, *summary, now, res);
        store(m_db, m_clock, req, pending.has_value(), summary, *purpose, res);
        return res;
    } catch (const core::Error& e) {
        record_refusal(m_db, m_clock, req, summary, purpose, res, e);
        throw;
    }
}

}  // namespace certctl::certs
