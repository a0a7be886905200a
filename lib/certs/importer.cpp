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
        // A name in use is refused, unless `cert renew --csr-out` is waiting for this answer.
        const std::optional<PendingRenewal> pending =
            req.track ? std::nullopt : Inventory(m_db).pending_renewal(req.name);
        if (!pending && Inventory(m_db).exists(req.name)) {
            throw core::Error(core::Errc::usage, "certificate name already in use", req.name,
                              "a certificate with this name exists; nothing was overwritten",
                              "pick another name, or `certctl cert remove " + req.name + "` first");
        }

        // (1) and (2): read; a private key anywhere refuses the file before it is parsed.
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
        const Botan::X509_Certificate& leaf = *parsed.leaf;
        summary = summarize(leaf);
        res.summary = *summary;
        const std::string who = label(*summary);
        const core::TimePoint now = m_clock.now();

        // (3) dates, roles, chain.
        std::vector<std::string> findings;
        const auto add = [&findings](const std::string& f) {
            for (const auto& existing : findings) {
                if (existing == f) {
                    return;
                }
            }
            findings.push_back(f);
        };
        if (not_yet_valid(leaf, now)) {
            add(who + ": certificate is not yet valid (notBefore " + summary->not_before + ")");
        }
        if (expired(leaf, now)) {
            add(who + ": certificate has expired (notAfter " + summary->not_after + ")");
        }
        for (const std::string& f : role_findings(*summary, *purpose)) {
            add(who + ": " + f);
        }
        if (const auto weak = weak_key_finding(leaf, false)) {  // with or without a bundle, as verify measures it
            add(who + ": " + *weak);
        }
        if (!req.trust_bundle.empty()) {
            PathRequest path;
            path.chain.push_back(leaf);
            path.chain.insert(path.chain.end(), parsed.chain.begin(), parsed.chain.end());
            path.anchors = m_bundles(req.trust_bundle);
            path.at = now;
            path.purpose = req.purpose;
            path.profile = req.profile;
            const PathResult verdict = validate_path(path);
            for (const std::string& r : verdict.reasons) {
                add(r);
            }
        } else {
            res.notes.emplace_back("chain not checked: no --trust bundle given");
        }

        // (4) revocation, as far as the store knows.
        const RevocationStatus rev = m_revocation.lookup(leaf.raw_issuer_dn(), leaf.serial_number());
        if (rev.state == RevocationStatus::State::revoked) {
            add(who + ": certificate is revoked (" + (rev.reason.empty() ? "unspecified" : rev.reason) +
                (rev.revocation_date.empty() ? "" : " since " + rev.revocation_date) + ", " + rev.source + ")");
        } else if (rev.state == RevocationStatus::State::unknown) {
            res.notes.push_back("revocation unknown: " + rev.source);
        }

        // (5) the key called NAME, if any, must be the certificate's key: in every mode.
        if (const auto key_sha = key_fingerprint(m_db, req.name)) {
            if (*key_sha != summary->public_key_sha256) {
                throw core::Error(core::Errc::bad_input, "cannot import certificate", req.name,
                                  "the certificate's public key does not match the key \"" + req.name + "\"",
                                  "import the certificate issued for this key, or use another name");
            }
            res.record.key_name = req.name;
        }

        if (pending && pending->public_key_sha256 != summary->public_key_sha256) {
            throw core::Error(core::Errc::bad_input, "cannot complete the renewal of", req.name,
                              "the certificate does not carry the key of the CSR `cert renew --csr-out` wrote on " +
                                  pending->requested,
                              "import the certificate the CA issued for that CSR");
        }

        if (!findings.empty() && req.mode == ValidationMode::strict && !req.track) {
            throw core::Error(core::Errc::bad_input, "cannot import certificate", req.file,
                              "validation failed in strict mode: " + join(findings, "; "),
                              "fix the certificate or chain, or accept the findings with --validation-mode warn");
        }
        res.warnings = findings;

        CertRecord& r = res.record;
        r.name = req.name;
        r.source = req.track ? "tracked" : "imported";
        if (req.track) {
            r.path = std::filesystem::absolute(req.file).lexically_normal().string();
        } else {
            r.der = leaf.BER_encode();
            std::string chain_pem;
            for (const auto& c : parsed.chain) {
                chain_pem += c.PEM_encode();
            }
            r.chain_pem = chain_pem;
        }
        r.purpose = req.purpose;
        r.subject = summary->subject;
        r.issuer = summary->issuer;
        r.serial = summary->serial;
        r.not_before = summary->not_before;
        r.not_after = summary->not_after;
        r.fingerprint = summary->fingerprint;
        r.trust_bundle = req.trust_bundle;
        r.policy = req.policy;
        r.action = req.action;
        r.validation_mode = to_string(req.mode);
        r.warnings = res.warnings;
        r.imported = core::format_rfc3339(now);

        m_db.transaction([&] {
            Inventory inventory(m_db);
            if (pending) {
                if (const auto old = inventory.find(req.name)) {
                    res.replaced_serial = old->serial;
                }
                inventory.replace(r, r.imported, "replace");
                inventory.clear_pending_renewal(req.name);
                audit::AuditLog(m_db, m_clock)
                    .record("system.renew_certificate", req.name,
                            {{"name", req.name},
                             {"old_serial", res.replaced_serial},
                             {"new_serial", r.serial},
                             {"how", "external"},
                             {"fingerprint", r.fingerprint},
                             {"not_after", r.not_after}},
                            true);
            } else {
                inventory.add(r);
            }
            if (!req.track) {  // deploy targets and hooks run on it (after the commit, and from watch until they
                               // succeed)
                LifecycleStore(m_db).record_change(req.name, pending ? "replace" : "import", r.fingerprint, r.imported);
            }
            audit::AuditLog(m_db, m_clock)
                .record("system.ingest_certificate", req.name, audit_detail(req, summary, purpose, res), true);
            audit::Counters(m_db).increment("certificate_import_success");
        });
        return res;
    } catch (const core::Error& e) {
        const std::string reason = e.why().empty() ? e.action() : e.why();
        try {
            m_db.transaction([&] {
                audit::AuditLog(m_db, m_clock)
                    .record("system.ingest_certificate", req.name, audit_detail(req, summary, purpose, res), false,
                            reason);
                audit::Counters(m_db).increment("certificate_import_failure");
            });
        } catch (const std::exception&) {
            // A store that cannot record the refusal (read-only, locked) reports the original error.
        }
        throw;
    }
}

}  // namespace certctl::certs
