// lib/ca/local_ca.cpp — CAs in the store: rows in cas/ca_issued, keys through KeyAccess, audit per change.
#include "lib/ca/local_ca.h"

#include "lib/audit/audit_log.h"
#include "lib/ca/batch_files.h"
#include "lib/ca/inventory_entry.h"
#include "lib/ca/local_ca_rows.h"
#include "lib/ca/revocation.h"
#include "lib/ca/serial.h"
#include "lib/certs/cert_parser.h"
#include "lib/certs/cert_time.h"
#include "lib/core/error.h"
#include "lib/core/file_io.h"
#include "lib/core/name.h"
#include "lib/core/progress.h"
#include "lib/core/rfc3339.h"
#include "lib/csr/csr_store.h"
#include "lib/csr/request.h"
#include "lib/storage/row.h"

#include <SQLiteCpp/Statement.h>
#include <botan/hex.h>
#include <botan/pem.h>
#include <atomic>
#include <set>

namespace certctl::ca {

namespace {
constexpr const char* k_issue_event = "system.issue_certificate";
constexpr const char* k_revoke_event = "system.revoke_certificate";

core::Error usage(const std::string& what, const std::string& subject, const std::string& why,
                  const std::string& hint = {}) {
    return core::Error(core::Errc::usage, what, subject, why, hint);
}

std::string pem_of(const std::vector<std::uint8_t>& der) { return Botan::PEM_Code::encode(der, "CERTIFICATE"); }

void check_url(const std::string& url, const std::string& flag) {
    if (!url.empty() && url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0 &&
        url.rfind("file://", 0) != 0) {
        throw usage("invalid " + flag, url, "expected an http://, https:// or file:// URL");
    }
}

// The one mapping of a `cas` row (k_ca_select's columns, by name) to CaInfo.
CaInfo row_to_info(SQLite::Statement& q) {
    CaInfo c;
    c.name = q.getColumn("name").getString();
    c.profile = q.getColumn("profile").getString();
    c.key_name = q.getColumn("key_name").getString();
    c.issuer = storage::optional_text(q.getColumn("issuer"));
    c.der = storage::blob(q.getColumn("der"));
    c.subject = q.getColumn("subject").getString();
    c.serial = q.getColumn("serial").getString();
    c.not_before = q.getColumn("not_before").getString();
    c.not_after = q.getColumn("not_after").getString();
    c.crl_url = storage::text(q.getColumn("crl_url"));
    c.ca_issuers_url = storage::text(q.getColumn("ca_issuers_url"));
    c.crl_number = q.getColumn("crl_number").getInt64();
    c.created = q.getColumn("created").getString();
    c.chain_pem = storage::text(q.getColumn("chain_pem"));
    c.next_serial = storage::text(q.getColumn("next_serial"));
    c.imported = storage::text(q.getColumn("imported"));
    return c;
}

constexpr const char* k_ca_select =
    "SELECT name, profile, key_name, issuer, der, subject, serial, not_before, not_after, crl_url,"
    " ca_issuers_url, crl_number, created, chain_pem, next_serial, imported FROM cas";

CaSettings settings_of(const CaInfo& ca) {
    return CaSettings{ca.crl_url, ca.ca_issuers_url, {}};
}

nlohmann::json issued_detail(const std::string& ca, const std::string& profile, const std::string& name,
                             const IssuedCertificate& c) {
    return {{"certificate_authority", ca}, {"profile", profile},   {"name", name},
            {"serial", c.serial},          {"subject", c.subject}, {"not_after", core::format_rfc3339(c.not_after)},
            {"fingerprint", c.fingerprint}};
}
}  // namespace

namespace detail {
// A CA whose key has gone from the store is a damaged CA, not a missing name: bad input (65).
std::unique_ptr<Botan::Private_Key> load_ca_key(const KeyAccess& keys, const CaInfo& ca) {
    try {
        return keys.load(ca.key_name);
    } catch (const core::Error& e) {
        if (e.code() != core::Errc::not_found) {
            throw;
        }
        throw core::Error(core::Errc::bad_input, "cannot use CA", ca.name,
                          "its key " + ca.key_name + " is missing from the store",
                          "restore the key with `certctl key import " + ca.key_name + " FILE`");
    }
}

void insert_issued(SQLite::Statement& q, const std::string& ca, const IssuedCertificate& cert,
                   const std::string& profile, const std::string& name, const std::string& now) {
    q.reset();
    q.bind(1, ca);
    q.bind(2, cert.serial);
    q.bind(3, profile);
    q.bind(4, cert.subject);
    q.bind(5, core::format_rfc3339(cert.not_after));
    q.bind(6, cert.fingerprint);
    q.bind(7, name);
    q.bind(8, now);
    q.exec();
}
const char* const k_insert_issued =
    "INSERT INTO ca_issued(ca, serial, profile, subject, not_after, fingerprint, name, issued)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

}  // namespace detail

using detail::insert_issued;
using detail::k_insert_issued;
using detail::load_ca_key;

LocalCa::LocalCa(storage::Store& store, const core::Clock& clock, Botan::RandomNumberGenerator& rng,
                 const ProfileSet& profiles)
    : m_store(store), m_clock(clock), m_rng(rng), m_profiles(profiles) {}

std::optional<CaInfo> LocalCa::find(const std::string& name) {
    auto rows = m_store.db().select<CaInfo>(
        std::string(k_ca_select) + " WHERE name = ?", [&](SQLite::Statement& q) { q.bind(1, name); }, row_to_info);
    if (rows.empty()) {
        return std::nullopt;
    }
    return std::move(rows.front());
}

CaInfo LocalCa::get(const std::string& name) {
    if (auto ca = find(name)) {
        return *ca;
    }
    throw core::Error(core::Errc::not_found, "no such CA", name, "there is no local CA with this name",
                      "see `certctl ca list`; create one with `certctl ca init`");
}

void LocalCa::count_issued(CaInfo& ca) {
    const auto counts = m_store.db().select<std::pair<std::int64_t, std::int64_t>>(
        "SELECT count(*) AS issued, count(revoked_at) AS revoked FROM ca_issued WHERE ca = ?",
        [&](SQLite::Statement& q) { q.bind(1, ca.name); },
        [](SQLite::Statement& q) {
            return std::make_pair(q.getColumn("issued").getInt64(), q.getColumn("revoked").getInt64());
        });
    ca.issued = counts.front().first;
    ca.revoked = counts.front().second;
}

std::vector<CaInfo> LocalCa::list() {
    std::vector<CaInfo> out = m_store.db().select<CaInfo>(
        std::string(k_ca_select) + " ORDER BY created, name", [](SQLite::Statement&) {}, row_to_info);
    for (CaInfo& c : out) {
        count_issued(c);
    }
    return out;
}

std::vector<Botan::X509_Certificate> LocalCa::chain(const std::string& name) {
    std::vector<Botan::X509_Certificate> out;
    std::optional<std::string> next = name;
    while (next && out.size() < 16) {
        const CaInfo ca = get(*next);
        out.emplace_back(ca.der);
        next = ca.issuer;
        if (!next && !ca.chain_pem.empty()) {  // an adopted CA: its issuers live outside the store
            for (Botan::X509_Certificate& c : certs::parse_certificates(ca.chain_pem, ca.name + " (stored chain)")) {
                out.push_back(std::move(c));
            }
        }
    }
    return out;
}

std::string LocalCa::stored_csr(const std::string& name) {
    if (auto csr = csr::find_csr(m_store.db(), name)) {
        return csr->pem;
    }
    throw core::Error(core::Errc::not_found, "no such CSR", name, "no CSR with this name in the store",
                      "see `certctl csr list`, or give the file with --csr");
}

CaSettings LocalCa::issuing_settings(const CaInfo& ca, std::size_t count) {
    CaSettings settings = settings_of(ca);
    if (ca.next_serial.empty()) {
        return settings;
    }
    m_store.db().transaction([&] {
        SQLite::Statement q(m_store.db().sql(), "SELECT next_serial FROM cas WHERE name = ?");
        q.bind(1, ca.name);
        q.executeStep();  // read again under the write lock: another certctl may have issued meanwhile
        settings.first_serial = Botan::hex_decode(q.getColumn("next_serial").getString());
        SQLite::Statement u(m_store.db().sql(), "UPDATE cas SET next_serial = ? WHERE name = ?");
        u.bind(1, serial_hex(serial_plus(settings.first_serial, count)));
        u.bind(2, ca.name);
        u.exec();
    });
    return settings;
}

void LocalCa::record_failure(const std::string& event, const std::string& subject, const nlohmann::json& detail,
                             const std::string& error) {
    // The refusal is news for the audit trail, but must never hide the error that caused it.
    try {
        audit::AuditLog log(m_store.db(), m_clock);
        m_store.db().transaction([&] { log.record(event, subject, detail, false, error); });
    } catch (const std::exception&) {
    }
}

namespace {
// What `ca init` asks of the profile and the options, before anything is looked up or made.
void check_init_request(const InitOptions& o, const Profile& p) {
    if (!p.ca) {
        throw usage("cannot create CA", o.name, "profile " + p.name + " is not a CA profile",
                    "issue end-entity certificates with `certctl ca issue`");
    }
    if (p.self_signed && o.issuer) {
        throw usage("cannot create CA", o.name, "profile " + p.name + " makes a self-signed root",
                    "leave out --issuer, or pick an intermediate profile such as sub-ca");
    }
    if (!p.self_signed && !o.issuer) {
        throw usage("cannot create CA", o.name, "profile " + p.name + " is issued by another CA",
                    "give the issuing local CA with --issuer");
    }
    if (o.subject.get_first_attribute("CN").empty()) {
        throw usage("cannot create CA", o.name, "the subject needs a common name", "give --cn");
    }
    check_url(o.crl_url, "--crl-url");
    check_url(o.ca_issuers_url, "--ca-issuers-url");
}

// The new CA's row and, when a parent issued it, the parent's ca_issued row, with the audit event.
void insert_ca(storage::Database& db, audit::AuditLog& log, const InitOptions& o, const Profile& p,
               const std::string& key_name, const IssuedCertificate& cert, const std::optional<CaInfo>& parent,
               const std::string& created) {
    db.transaction([&] {
        SQLite::Statement q(db.sql(),
                            "INSERT INTO cas(name, profile, key_name, issuer, der, subject, serial, not_before,"
                            " not_after, crl_url, ca_issuers_url, created) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
        q.bind(1, o.name);
        q.bind(2, p.name);
        q.bind(3, key_name);
        if (o.issuer) {
            q.bind(4, *o.issuer);
        }
        q.bind(5, cert.der.data(), static_cast<int>(cert.der.size()));
        q.bind(6, cert.subject);
        q.bind(7, cert.serial);
        q.bind(8, core::format_rfc3339(cert.not_before));
        q.bind(9, core::format_rfc3339(cert.not_after));
        if (!o.crl_url.empty()) {
            q.bind(10, o.crl_url);
        }
        if (!o.ca_issuers_url.empty()) {
            q.bind(11, o.ca_issuers_url);
        }
        q.bind(12, created);
        q.exec();
        if (parent) {  // so the parent can revoke it and list it in its CRL
            SQLite::Statement ins(db.sql(), k_insert_issued);
            insert_issued(ins, parent->name, cert, p.name, o.name, created);
        }
        nlohmann::json detail = issued_detail(parent ? parent->name : o.name, p.name, o.name, cert);
        detail["ca"] = true;
        log.record(k_issue_event, o.name, detail, true);
    });
}
}  // namespace

// The issuing parent of an intermediate (none for a root), with its key and the new CA's notAfter.
struct LocalCa::InitIssuer {
    std::optional<CaInfo> parent;
    std::unique_ptr<Botan::Private_Key> parent_key;
    std::unique_ptr<CertificateIssuer> issuer;
    core::TimePoint not_after{};
};

LocalCa::InitIssuer LocalCa::init_issuer(const InitOptions& o, const Profile& p, const KeyAccess& keys,
                                         core::TimePoint now) {
    InitIssuer out;
    if (!o.issuer) {
        if (o.days) {
            check_days(p, *o.days);
        }
        return out;
    }
    out.parent = get(*o.issuer);
    out.parent_key = load_ca_key(keys, *out.parent);
    out.issuer = std::make_unique<CertificateIssuer>(Botan::X509_Certificate(out.parent->der), *out.parent_key,
                                                     settings_of(*out.parent), m_rng);
    out.not_after = out.issuer->check(p, now, o.days);
    if (!out.parent->next_serial.empty()) {
        out.issuer = std::make_unique<CertificateIssuer>(Botan::X509_Certificate(out.parent->der), *out.parent_key,
                                                         issuing_settings(*out.parent, 1), m_rng);
    }
    return out;
}

CaInfo LocalCa::init(const InitOptions& o, const KeyAccess& keys) {
    try {
        core::check_name("CA", o.name);
        if (find(o.name)) {
            throw usage("cannot create CA", o.name, "a CA with this name exists", "see `certctl ca list`");
        }
        const Profile& p = m_profiles.get(o.profile);
        check_init_request(o, p);
        const core::TimePoint now = m_clock.now();
        const InitIssuer parent = init_issuer(o, p, keys, now);
        const std::string key_name = o.key.value_or(o.name);
        core::check_name("key", key_name);
        const bool generate = !o.key;
        if (generate && keys.exists(key_name)) {
            throw usage("cannot create CA", o.name, "a key called " + key_name + " exists already",
                        "use it with --key " + key_name + ", or pick another CA name");
        }
        if (generate) {
            keys.generate(key_name);
        }
        try {
            const std::unique_ptr<Botan::Private_Key> key = keys.load(key_name);
            const IssuedCertificate cert =
                parent.issuer
                    ? parent.issuer->issue(p, SubjectRequest::from_key(*key, o.subject), now, parent.not_after)
                    : CertificateIssuer::self_signed(p, o.subject, *key, now, o.days, m_rng, o.crl_url);
            audit::AuditLog log(m_store.db(), m_clock);
            insert_ca(m_store.db(), log, o, p, key_name, cert, parent.parent, core::format_rfc3339(now));
        } catch (...) {
            if (generate) {
                keys.remove(key_name);
            }
            throw;
        }
        return get(o.name);
    } catch (const std::exception& e) {
        record_failure(k_issue_event, o.name,
                       {{"name", o.name}, {"profile", o.profile}, {"ca", true},
                        {"certificate_authority", o.issuer ? nlohmann::json(*o.issuer) : nlohmann::json(nullptr)}},
                       e.what());
        throw;
    }
}

KeyAccess unencrypted_key_access(keys::KeyStore& ks) {
    KeyAccess k;
    k.exists = [&ks](const std::string& name) { return ks.find(name).has_value(); };
    k.generate = [&ks](const std::string& name) { ks.generate(name, keys::KeySpec::default_spec(), std::nullopt); };
    k.load = [&ks](const std::string& name) { return ks.load_private(name, std::nullopt); };
    k.remove = [&ks](const std::string& name) { ks.remove(name); };
    return k;
}

namespace {
// What `ca issue` refuses before the CA's key is loaded: no CSR, several certificates for one output, a name
// given twice or held by a certificate that was not issued here.
void check_issue_request(storage::Database& db, const IssueOptions& o, const std::vector<CsrInput>& csrs) {
    if (csrs.empty()) {
        throw usage("nothing to issue", o.ca, "no CSR given", "give --csr FILE or --csr-name NAME");
    }
    if (o.output == IssueOptions::Output::none && csrs.size() > 1) {
        throw usage("cannot issue", o.ca, std::to_string(csrs.size()) + " certificates cannot share stdout",
                    "give --out-dir DIR");
    }
    if (o.output == IssueOptions::Output::file && csrs.size() > 1) {
        throw usage("cannot issue", o.ca,
                    "--out names one file but " + std::to_string(csrs.size()) + " CSRs were given",
                    "give --out-dir DIR");
    }
    std::set<std::string> names;
    for (const CsrInput& c : csrs) {
        core::check_name("certificate", c.name);
        if (!names.insert(c.name).second) {
            throw usage("cannot issue", c.origin, "two CSRs would both be called " + c.name, "rename one of the files");
        }
        if (const auto source = inventory_source(db, c.name); source && *source != "issued") {
            throw usage("cannot issue", c.name, "a certificate with this name is in the inventory (" + *source + ")",
                        "remove it with `certctl cert remove " + c.name + "` or rename the CSR");
        }
    }
}

std::vector<std::filesystem::path> output_paths(const IssueOptions& o, const std::vector<CsrInput>& csrs) {
    std::vector<std::filesystem::path> paths;
    if (o.output != IssueOptions::Output::none) {
        for (const CsrInput& c : csrs) {
            paths.push_back(o.output == IssueOptions::Output::file ? o.out : o.out / (c.name + ".pem"));
        }
    }
    return paths;
}

}  // namespace

// One `ca issue` batch: its inputs, the files it writes and what it signed, index by index.
struct IssueBatch {
    const IssueOptions& o;
    const std::vector<CsrInput>& csrs;
    const Profile& p;
    core::TimePoint now;
    core::TimePoint not_after;  // the default: the profile's days, never past the CA's notAfter
    std::vector<std::filesystem::path> paths;
    BatchFiles files;
    std::vector<IssuedCertificate> issued;
    std::vector<IssuedItem> items;

    IssueBatch(const IssueOptions& options, const std::vector<CsrInput>& inputs, const Profile& profile,
               core::TimePoint at, core::TimePoint end)
        : o(options),
          csrs(inputs),
          p(profile),
          now(at),
          not_after(end),
          paths(output_paths(options, inputs)),
          files(paths, options.output == IssueOptions::Output::dir),
          issued(inputs.size()),
          items(inputs.size()) {}

    // Read, check, sign and write out each CSR on the workers; nothing is visible before the caller's
    // commit, so a bad CSR anywhere still leaves the store and the output untouched.
    void sign(CertificateIssuer& issuer) {
        // Without --days, a validity the CSR asks for is honoured up to the profile's maximum, and
        // like the default never past the CA's notAfter.
        const core::TimePoint start = std::chrono::time_point_cast<std::chrono::seconds>(now);
        const core::TimePoint ca_end =
            std::chrono::time_point_cast<std::chrono::seconds>(certs::time_point(issuer.ca_certificate().not_after()));
        std::atomic<std::size_t> signed_so_far{0};
        issuer.issue_each(
            p, csrs.size(), now,
            [&](std::size_t i) {
                const CsrInput& in = csrs[i];
                const std::string data =
                    in.data.empty() && !in.file.empty() ? core::read_file(in.file, "CSR file") : in.data;
                CertificateIssuer::Job job{SubjectRequest::from_request(csr::read_request(data, in.origin)), not_after};
                if (!o.days && job.subject.requested_days) {
                    const long days = std::min<long>(*job.subject.requested_days, p.max_days);
                    job.not_after = std::min(start + std::chrono::hours(24) * days, ca_end);
                }
                return job;
            },
            [&](std::size_t i, IssuedCertificate&& cert) {
                core::report_progress("issuing certificates", ++signed_so_far, csrs.size());
                IssuedItem item{csrs[i].name, cert.serial, cert.subject, core::format_rfc3339(cert.not_after),
                                cert.fingerprint, "", pem_of(cert.der)};
                if (!paths.empty()) {
                    files.write(i, item.pem);
                    item.path = paths[i].string();
                }
                items[i] = std::move(item);
                issued[i] = std::move(cert);
            });
    }

    // The ca_issued rows, inventory rows and audit events, inside the caller's transaction; the files are
    // committed last, inside it, so a failure there still rolls the rows back.
    void record(storage::Database& db, const core::Clock& clock) {
        const std::string issued_at = core::format_rfc3339(now);
        audit::AuditLog log(db, clock);
        SQLite::Statement ins(db.sql(), k_insert_issued);
        InventoryWriter inventory(db);
        for (std::size_t i = 0; i < issued.size(); ++i) {
            insert_issued(ins, ca_name, issued[i], p.name, csrs[i].name, issued_at);
            inventory.put(csrs[i].name, issued[i], p, chain_pem, issued_at);
            log.record(k_issue_event, csrs[i].name, issued_detail(ca_name, p.name, csrs[i].name, issued[i]), true);
        }
        files.commit();
    }

    std::string ca_name;
    std::string chain_pem;  // the CA's chain, PEM, for the inventory rows
};

std::unique_ptr<IssueBatch> LocalCa::sign_batch(const IssueOptions& o, const std::vector<CsrInput>& csrs,
                                                const KeyAccess& keys) {
    const CaInfo ca = get(o.ca);
    const Profile& p = m_profiles.get(o.profile);
    check_issue_request(m_store.db(), o, csrs);
    const std::unique_ptr<Botan::Private_Key> key = load_ca_key(keys, ca);
    const core::TimePoint now = m_clock.now();
    CertificateIssuer(Botan::X509_Certificate(ca.der), *key, settings_of(ca), m_rng).check(p, now, o.days);
    CertificateIssuer issuer(Botan::X509_Certificate(ca.der), *key, issuing_settings(ca, csrs.size()), m_rng);
    auto batch = std::make_unique<IssueBatch>(o, csrs, p, now, issuer.check(p, now, o.days));
    batch->sign(issuer);
    batch->files.start_flush();
    batch->ca_name = ca.name;
    for (const Botan::X509_Certificate& c : chain(ca.name)) {
        batch->chain_pem += c.PEM_encode();
    }
    return batch;
}

void LocalCa::record_issue_failure(const IssueOptions& o, const std::vector<CsrInput>& csrs, const std::string& error) {
    nlohmann::json origins = nlohmann::json::array();
    for (const CsrInput& c : csrs) {
        origins.push_back(c.origin);
    }
    record_failure(k_issue_event, o.ca, {{"certificate_authority", o.ca}, {"profile", o.profile}, {"csrs", origins}},
                   error);
}

std::vector<IssuedItem> LocalCa::issue(const IssueOptions& o, const std::vector<CsrInput>& csrs,
                                       const KeyAccess& keys) {
    try {
        const std::unique_ptr<IssueBatch> batch = sign_batch(o, csrs, keys);
        m_store.db().transaction([&] { batch->record(m_store.db(), m_clock); });
        return std::move(batch->items);
    } catch (const std::exception& e) {
        record_issue_failure(o, csrs, e.what());
        throw;
    }
}

std::vector<std::vector<IssuedItem>> LocalCa::issue_together(
    const std::vector<IssueRequest>& requests, const KeyAccess& keys,
    const std::function<void(const std::vector<std::vector<IssuedItem>>&)>& before_commit) {
    std::vector<std::vector<IssuedItem>> out;
    try {
        std::vector<std::unique_ptr<IssueBatch>> batches;
        for (const IssueRequest& r : requests) {
            batches.push_back(sign_batch(r.options, r.csrs, keys));
        }
        m_store.db().transaction([&] {
            for (const auto& b : batches) {
                b->record(m_store.db(), m_clock);
                out.push_back(b->items);
            }
            if (before_commit) {
                before_commit(out);
            }
        });
    } catch (const std::exception& e) {
        for (const IssueRequest& r : requests) {
            record_issue_failure(r.options, r.csrs, e.what());
        }
        throw;
    }
    return out;
}

RevokeResult LocalCa::revoke(const std::string& ca_name, const std::string& serial_text, int reason,
                             std::optional<core::TimePoint> at) {
    const nlohmann::json failure = {{"certificate_authority", ca_name}, {"serial", serial_text},
                                    {"reason", reason_name(reason)}};
    try {
        const std::string serial = normalize_serial(serial_text);
        if (serial.empty()) {
            throw usage("invalid serial", serial_text, "expected hexadecimal digits (colons allowed)");
        }
        const CaInfo ca = get(ca_name);
        const core::TimePoint now = m_clock.now();
        const core::TimePoint when = std::chrono::time_point_cast<std::chrono::seconds>(at.value_or(now));
        if (when > now) {
            throw usage("invalid --at", core::format_rfc3339(when), "a revocation cannot lie in the future");
        }
        RevokeResult r;
        audit::AuditLog log(m_store.db(), m_clock);
        m_store.db().transaction([&] {
            SQLite::Statement q(m_store.db().sql(),
                                "SELECT name, subject, revoked_at, reason FROM ca_issued"
                                " WHERE ca = ? AND serial = ?");
            q.bind(1, ca.name);
            q.bind(2, serial);
            if (!q.executeStep()) {
                throw core::Error(core::Errc::not_found, "cannot revoke", serial,
                                  "CA " + ca.name + " never issued a certificate with this serial",
                                  "serials are listed by `certctl cert list`; check the CA name");
            }
            r.serial = serial;
            r.name = storage::text(q.getColumn("name"));
            r.subject = q.getColumn("subject").getString();
            if (!q.getColumn("revoked_at").isNull()) {
                throw core::Error(core::Errc::bad_input, "cannot revoke", serial,
                                  "already revoked on " +
                                      core::format_rfc3339(core::from_unix(q.getColumn("revoked_at").getInt64())) +
                                      " (" + reason_name(q.getColumn("reason").getInt()) + ")",
                                  "nothing to do: publish the CRL with `certctl ca crl " + ca.name + "`");
            }
            SQLite::Statement u(m_store.db().sql(),
                                "UPDATE ca_issued SET revoked_at = ?, reason = ? WHERE ca = ? AND serial = ?");
            u.bind(1, core::to_unix(when));
            u.bind(2, reason);
            u.bind(3, ca.name);
            u.bind(4, serial);
            u.exec();
            r.reason = reason;
            r.revoked_at = core::format_rfc3339(when);
            log.record(k_revoke_event, r.name.empty() ? serial : r.name,
                       {{"certificate_authority", ca.name}, {"serial", serial}, {"name", r.name},
                        {"subject", r.subject}, {"reason", reason_name(reason)}, {"revoked_at", r.revoked_at}},
                       true);
        });
        return r;
    } catch (const std::exception& e) {
        record_failure(k_revoke_event, serial_text, failure, e.what());
        throw;
    }
}

CrlResult LocalCa::publish_crl(const std::string& ca_name, const KeyAccess& keys, core::Seconds next_update,
                               CrlFormat format, const std::function<void(const std::uint8_t*, std::size_t)>& sink) {
    const CaInfo ca = get(ca_name);
    if (next_update < core::Seconds(60)) {
        throw usage("invalid --next-update", std::to_string(next_update.count()) + "s",
                    "a CRL must be valid for at least a minute");
    }
    const std::unique_ptr<Botan::Private_Key> key = load_ca_key(keys, ca);
    const Botan::X509_Certificate cert(ca.der);
    CertificateIssuer check_key(cert, *key, settings_of(ca), m_rng);  // the key must be the CA's

    CrlResult result;
    // Reserve the number first: a CRL that then fails leaves a gap, never a repeat (RFC 5280 5.2.3).
    m_store.db().transaction([&] {
        SQLite::Statement u(m_store.db().sql(), "UPDATE cas SET crl_number = crl_number + 1 WHERE name = ?");
        u.bind(1, ca.name);
        u.exec();
        SQLite::Statement q(m_store.db().sql(), "SELECT crl_number FROM cas WHERE name = ?");
        q.bind(1, ca.name);
        q.executeStep();
        result.crl_number = static_cast<std::uint64_t>(q.getColumn("crl_number").getInt64());
    });

    std::vector<RevokedEntry> entries;
    try {
        SQLite::Statement q(m_store.db().sql(),
                            "SELECT serial, revoked_at, ifnull(reason, 0) AS reason FROM ca_issued"
                            " WHERE ca = ? AND revoked_at IS NOT NULL");
        q.bind(1, ca.name);
        while (q.executeStep()) {
            RevokedEntry e;
            const SQLite::Column s = q.getColumn("serial");
            if (!e.set_serial_hex(s.getText(), static_cast<std::size_t>(s.getBytes()))) {
                continue;  // never written by us; skip rather than publish garbage
            }
            e.revoked_at = q.getColumn("revoked_at").getInt64();
            e.reason = static_cast<std::uint8_t>(q.getColumn("reason").getInt());
            entries.push_back(e);
        }
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, "revocations of " + ca.name);
    }

    const core::TimePoint now = std::chrono::time_point_cast<std::chrono::seconds>(m_clock.now());
    CrlParams params;
    params.issuer = cert.subject_dn();
    params.authority_key_id =
        cert.subject_key_id().empty() ? cert.subject_public_key_bitstring_sha1() : cert.subject_key_id();
    params.crl_number = result.crl_number;
    params.this_update = now;
    params.next_update = now + next_update;
    params.idp_url = ca.crl_url;
    result.bytes = write_crl(params, entries, *key, m_rng, format, sink);
    result.entries = entries.size();
    result.this_update = core::format_rfc3339(params.this_update);
    result.next_update = core::format_rfc3339(params.next_update);
    return result;
}

std::int64_t count_cas(storage::Database& db) {
    return db
        .select<std::int64_t>(
            "SELECT count(*) AS n FROM cas", [](SQLite::Statement&) {},
            [](SQLite::Statement& q) { return q.getColumn("n").getInt64(); })
        .front();
}

std::vector<std::string> cas_using_key(storage::Database& db, const std::string& key_name) {
    return db.select<std::string>(
        "SELECT name FROM cas WHERE key_name = ? ORDER BY name", [&](SQLite::Statement& q) { q.bind(1, key_name); },
        [](SQLite::Statement& q) { return q.getColumn("name").getString(); });
}

std::optional<std::string> issued_serial(storage::Database& db, const std::string& ca, const std::string& name) {
    auto rows = db.select<std::string>(
        "SELECT serial FROM ca_issued WHERE ca = ? AND name = ? ORDER BY issued DESC LIMIT 1",
        [&](SQLite::Statement& q) {
            q.bind(1, ca);
            q.bind(2, name);
        },
        [](SQLite::Statement& q) { return q.getColumn("serial").getString(); });
    if (rows.empty()) {
        return std::nullopt;
    }
    return std::move(rows.front());
}

}  // namespace certctl::ca
