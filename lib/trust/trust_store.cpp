// lib/trust/trust_store.cpp — trust bundles on trust_bundles / trust_certs (see trust_store.h).
#include "lib/trust/trust_store.h"

#include <cctype>

#include "lib/certs/cert_facts.h"
#include "lib/certs/cert_parser.h"
#include "lib/certs/cert_summary.h"
#include "lib/certs/pkcs7.h"
#include "lib/core/error.h"
#include "lib/core/file_io.h"
#include "lib/core/name.h"
#include "lib/core/rfc3339.h"
#include "lib/storage/row.h"
#include "lib/trust/fips.h"

#include <algorithm>
#include <set>

namespace certctl::trust {

namespace {
std::optional<std::string> not_ca_reason(const certs::CertFacts& f) {
    if (f.has_basic_constraints && !f.is_ca) {
        return "not a CA certificate (basic constraints CA:FALSE)";
    }
    // X.509 v1 roots carry no extensions at all; like OpenSSL, a self-issued one may still anchor.
    if (!f.has_basic_constraints && !f.self_issued) {
        return "not a CA certificate (no basic constraints)";
    }
    if (f.key_usage && (*f.key_usage & Botan::KEY_CERT_SIGN) == 0) {
        return "not a CA certificate (key usage lacks keyCertSign)";
    }
    return std::nullopt;
}

// Counts the buckets; strict mode refuses the whole report when anything expired or was rejected.
void tally(AddReport& report, certs::ValidationMode mode) {
    for (const ReportEntry& e : report.entries) {
        ++report.attempted;
        report.installed += e.outcome == Outcome::installed ? 1 : 0;
        report.duplicates += e.outcome == Outcome::duplicate ? 1 : 0;
        report.expired += e.outcome == Outcome::expired ? 1 : 0;
        report.rejected += e.outcome == Outcome::rejected ? 1 : 0;
    }
    report.would_install = report.installed;
    if (mode == certs::ValidationMode::strict && (report.expired + report.rejected) > 0) {
        report.refused = true;
        // The report says what happened: nothing was installed. would_install keeps the count, and each
        // certificate that was fine says it would have been.
        report.installed = 0;
        for (ReportEntry& e : report.entries) {
            if (e.outcome == Outcome::installed) {
                e.outcome = Outcome::would_install;
            }
        }
    }
}

}  // namespace

TrustStore::TrustStore(storage::Database& db, const core::Clock& clock) : m_db(db), m_clock(clock) {}

const char* outcome_name(Outcome o) {
    switch (o) {
        case Outcome::installed: return "installed";
        case Outcome::duplicate: return "duplicate";
        case Outcome::expired: return "expired";
        case Outcome::rejected: return "rejected";
        case Outcome::would_install: return "would_install";
    }
    return "rejected";
}

ReportEntry TrustStore::classify(const certs::CertFacts& s, const std::set<std::string>& present,
                                 certs::ValidationMode mode, bool fips, const Botan::X509_Time& now) const {
    ReportEntry e;
    e.subject = s.subject;
    e.fingerprint = s.fingerprint;
    e.not_after = s.not_after_text;
    e.outcome = Outcome::installed;
    if (present.count(s.fingerprint) != 0) {
        e.outcome = Outcome::duplicate;
        e.reason = "already in the bundle";
    } else if (s.not_after < now) {
        e.outcome = Outcome::expired;
        e.reason = "expired " + s.not_after_text;
    } else if (now < s.not_before) {
        e.outcome = Outcome::rejected;
        e.reason = "not yet valid (notBefore " + s.not_before_text + ")";
    } else if (const auto weak = fips ? fips_violation(s) : std::nullopt) {
        e.outcome = Outcome::rejected;
        e.reason = *weak;
    } else if (const auto not_ca = not_ca_reason(s)) {
        // The mode decides: strict rejects it, warn installs it with a warning.
        e.outcome = mode == certs::ValidationMode::strict ? Outcome::rejected : Outcome::installed;
        e.reason = *not_ca;
    }
    return e;
}

void TrustStore::insert(const std::string& bundle, bool exists, std::optional<certs::ValidationMode> mode,
                        const std::string& mode_name, const std::vector<certs::CertFacts>& facts,
                        const std::vector<std::vector<std::uint8_t>>& ders) {
    const std::string added = core::format_rfc3339(m_clock.now());
    m_db.transaction([&] {
        if (!exists) {
            SQLite::Statement ins(m_db.sql(),
                                  "INSERT INTO trust_bundles(name, validation_mode, created) VALUES (?, ?, ?)");
            ins.bind(1, bundle);
            ins.bind(2, mode_name);
            ins.bind(3, added);
            ins.exec();
        } else if (mode) {
            SQLite::Statement up(m_db.sql(), "UPDATE trust_bundles SET validation_mode = ? WHERE name = ?");
            up.bind(1, mode_name);
            up.bind(2, bundle);
            up.exec();
        }
        SQLite::Statement ins(m_db.sql(),
                              "INSERT INTO trust_certs(bundle, fingerprint, subject, not_after, der, added)"
                              " VALUES (?, ?, ?, ?, ?, ?)");
        for (std::size_t i = 0; i < facts.size(); ++i) {
            const std::vector<std::uint8_t>& der = ders[i];
            ins.reset();
            ins.bind(1, bundle);
            ins.bind(2, facts[i].fingerprint);
            ins.bind(3, facts[i].subject);
            ins.bind(4, facts[i].not_after_text);
            ins.bind(5, der.data(), static_cast<int>(der.size()));
            ins.bind(6, added);
            ins.exec();
        }
    });
}

AddReport TrustStore::add(const std::string& bundle, const std::vector<std::string>& files,
                          std::optional<certs::ValidationMode> mode, certs::ValidationMode default_mode, bool fips) {
    core::check_name("bundle", bundle);
    const std::optional<BundleInfo> existing = find(bundle);
    const certs::ValidationMode effective =
        mode ? *mode : (existing ? certs::parse_validation_mode(existing->validation_mode) : default_mode);
    AddReport report;
    report.bundle = bundle;
    report.mode = certs::to_string(effective);
    report.fips = fips;

    std::set<std::string> present;
    if (existing) {
        for (const TrustCert& c : certificates(bundle)) {
            present.insert(c.fingerprint);
        }
    }
    const Botan::X509_Time now(m_clock.now());
    std::vector<certs::CertFacts> to_install;
    std::vector<std::vector<std::uint8_t>> to_install_der;
    for (const std::string& path : files) {
        const std::string bytes = core::read_file(path, "bundle file", k_max_bundle_file_size);
        certs::CertFile file = certs::read_certificate_file(bytes, path, false);
        for (const std::string& note : file.notes) {
            report.notes.push_back(path + ": " + note);
        }
        for (certs::CertItem& item : file.items) {
            std::optional<certs::CertFacts> facts;
            if (item.error.empty()) {
                try {
                    facts = certs::read_cert_facts(item.der);
                } catch (const core::Error& err) {
                    item.error = "not a readable X.509 certificate (" + err.why() + ")";
                }
            }
            ReportEntry e;
            if (facts) {
                e = classify(*facts, present, effective, fips, now);
            } else {
                e.outcome = Outcome::rejected;
                e.reason = item.error;
            }
            e.source = path + ": " + item.where;
            if (e.outcome == Outcome::installed) {
                present.insert(facts->fingerprint);
                to_install.push_back(*facts);
                to_install_der.push_back(std::move(item.der));
            }
            report.entries.push_back(std::move(e));
        }
    }
    tally(report, effective);
    if (report.refused) {
        return report;
    }
    insert(bundle, existing.has_value(), mode, report.mode, to_install, to_install_der);
    return report;
}

std::vector<BundleInfo> TrustStore::list() {
    std::vector<BundleInfo> out;
    try {
        const std::string now = core::format_rfc3339(m_clock.now());
        SQLite::Statement q(m_db.sql(),
                            "SELECT b.name AS name, b.validation_mode AS validation_mode, b.created AS created,"
                            " count(c.fingerprint) AS certificates, coalesce(sum(c.not_after < ?), 0) AS expired"
                            " FROM trust_bundles b LEFT JOIN trust_certs c ON c.bundle = b.name"
                            " GROUP BY b.name ORDER BY b.name");
        q.bind(1, now);
        while (q.executeStep()) {
            out.push_back({q.getColumn("name").getString(), q.getColumn("validation_mode").getString(),
                           q.getColumn("created").getString(),
                           static_cast<std::size_t>(q.getColumn("certificates").getInt64()),
                           static_cast<std::size_t>(q.getColumn("expired").getInt64())});
        }
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, "trust bundles");
    }
    return out;
}

std::optional<BundleInfo> TrustStore::find(const std::string& bundle) {
    for (BundleInfo& b : list()) {
        if (b.name == bundle) {
            return b;
        }
    }
    return std::nullopt;
}

BundleInfo TrustStore::require(const std::string& bundle) {
    core::check_name("bundle", bundle);
    if (auto b = find(bundle)) {
        return *b;
    }
    throw core::Error(core::Errc::not_found, "no such trust bundle", bundle, "not in the store",
                      "see `certctl trust list`, or create it with `certctl trust add " + bundle + " FILE`");
}

std::vector<TrustCert> TrustStore::certificates(const std::string& bundle) {
    require(bundle);
    std::vector<TrustCert> out;
    try {
        SQLite::Statement q(m_db.sql(),
                            "SELECT fingerprint, subject, not_after, added, der FROM trust_certs WHERE bundle = ?"
                            " ORDER BY subject, fingerprint");
        q.bind(1, bundle);
        while (q.executeStep()) {
            out.push_back({q.getColumn("fingerprint").getString(), q.getColumn("subject").getString(),
                           q.getColumn("not_after").getString(), q.getColumn("added").getString(),
                           storage::blob(q.getColumn("der"))});
        }
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, "trust bundles");
    }
    return out;
}

std::vector<Botan::X509_Certificate> TrustStore::anchors(const std::string& bundle) {
    std::vector<Botan::X509_Certificate> out;
    for (const TrustCert& c : certificates(bundle)) {
        out.emplace_back(c.der);
    }
    return out;
}

std::vector<Botan::X509_Certificate> TrustStore::readable_certificates(const std::optional<std::string>& bundle) {
    const std::vector<std::vector<std::uint8_t>> ders = m_db.select<std::vector<std::uint8_t>>(
        bundle ? "SELECT der FROM trust_certs WHERE bundle = ?" : "SELECT der FROM trust_certs",
        [&](SQLite::Statement& q) {
            if (bundle) {
                q.bind(1, *bundle);
            }
        },
        [](SQLite::Statement& q) { return storage::blob(q.getColumn("der")); });
    std::vector<Botan::X509_Certificate> out;
    for (const auto& der : ders) {
        try {
            out.emplace_back(der);
        } catch (const std::exception&) {  // cannot have signed anything; the others still may
        }
    }
    return out;
}

std::string TrustStore::export_pem(const std::string& bundle) {
    std::string out;
    for (const TrustCert& c : certificates(bundle)) {
        out += "# " + c.subject + "\n" + Botan::X509_Certificate(c.der).PEM_encode();
    }
    return out;
}

std::vector<std::uint8_t> TrustStore::export_p7b(const std::string& bundle) {
    std::vector<std::vector<std::uint8_t>> ders;
    for (TrustCert& c : certificates(bundle)) {
        ders.push_back(std::move(c.der));
    }
    return certs::write_pkcs7(ders);
}

void TrustStore::remove(const std::string& bundle) {
    require(bundle);
    m_db.transaction([&] {
        SQLite::Statement certs_q(m_db.sql(), "DELETE FROM trust_certs WHERE bundle = ?");
        certs_q.bind(1, bundle);
        certs_q.exec();
        SQLite::Statement b(m_db.sql(), "DELETE FROM trust_bundles WHERE name = ?");
        b.bind(1, bundle);
        b.exec();
    });
}

// The fingerprint may be whole or a unique prefix (hex, any case, colons allowed): `trust show` prints 16
// digits. None matching: not_found; several: usage, listing them; not hex: usage.
void TrustStore::remove_certificate(const std::string& bundle, const std::string& fingerprint) {
    std::string prefix;
    for (const char c : fingerprint) {
        if (c != ':') {
            prefix += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    if (prefix.empty() || prefix.size() > 64 || prefix.find_first_not_of("0123456789abcdef") != std::string::npos) {
        throw core::Error(core::Errc::usage, "invalid fingerprint", fingerprint,
                          "expected SHA-256 hex (colons allowed), whole or a unique prefix",
                          "copy it from `certctl trust show " + bundle + "`");
    }
    std::vector<TrustCert> matches;
    for (TrustCert& c : certificates(bundle)) {
        if (c.fingerprint.compare(0, prefix.size(), prefix) == 0) {
            matches.push_back(std::move(c));
        }
    }
    if (matches.empty()) {
        throw core::Error(core::Errc::not_found, "no such certificate in bundle", bundle,
                          "no certificate whose SHA-256 starts with " + prefix,
                          "see `certctl trust show " + bundle + "` for the fingerprints");
    }
    if (matches.size() > 1) {
        std::string candidates;
        for (const TrustCert& c : matches) {
            candidates += (candidates.empty() ? "" : "; ") + c.fingerprint + " " + c.subject;
        }
        throw core::Error(
            core::Errc::usage, "ambiguous fingerprint", prefix,
            std::to_string(matches.size()) + " certificates in " + bundle + " start with it: " + candidates,
            "give more hex digits");
    }
    m_db.transaction([&] {
        SQLite::Statement q(m_db.sql(), "DELETE FROM trust_certs WHERE bundle = ? AND fingerprint = ?");
        q.bind(1, bundle);
        q.bind(2, matches.front().fingerprint);
        q.exec();
    });
}

}  // namespace certctl::trust
