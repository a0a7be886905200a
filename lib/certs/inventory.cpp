// lib/certs/inventory.cpp — rows of the certificates table (see inventory.h).
#include "lib/certs/inventory.h"

#include "lib/certs/cert_summary.h"
#include "lib/certs/tracked_file.h"
#include "lib/storage/row.h"

#include "lib/core/error.h"

#include <SQLiteCpp/Statement.h>
#include <algorithm>
#include <nlohmann/json.hpp>

namespace certctl::certs {

namespace {
const char* const k_columns =
    "name, source, path, der, chain_pem, purpose, subject, issuer, serial, not_before, not_after, fingerprint, "
    "key_name, trust_bundle, state, policy, action, validation_mode, warnings, imported, restore_action";
// The same row without the certificate and its chain (from_row reads them as empty).
const char* const k_field_columns =
    "name, source, path, NULL AS der, NULL AS chain_pem, purpose, subject, issuer, serial, not_before, not_after, "
    "fingerprint, key_name, trust_bundle, state, policy, action, validation_mode, warnings, imported, restore_action";
// The certificate, and its chain only where a trust bundle is named: 59 MB of chains at 100,000 rows otherwise
// copied for a check that never looks at them.
const char* const k_judged_columns =
    "name, source, path, der, CASE WHEN trust_bundle <> '' THEN chain_pem END AS chain_pem, purpose, subject, "
    "issuer, serial, not_before, not_after, fingerprint, key_name, trust_bundle, state, policy, action, "
    "validation_mode, warnings, imported, restore_action";

const char* columns(Inventory::Content content) {
    switch (content) {
    case Inventory::Content::whole:
        return k_columns;
    case Inventory::Content::fields:
        return k_field_columns;
    case Inventory::Content::judged:
        return k_judged_columns;
    }
    return k_columns;
}

using storage::bind_text;
using storage::text;

// Each column of a certificates row, looked up by name once per statement (not once per row and field: that
// lookup was a seventh of listing a large inventory). A Column reads the statement's current row whenever it
// is asked; taking a new one per field of every row (a shared pointer to the statement, counted atomically)
// was 2.5% of the samples of checking 100,000 certificates.
struct RowColumns {
    explicit RowColumns(const SQLite::Statement& q)
        : name(at(q, "name")), source(at(q, "source")), path(at(q, "path")), der(at(q, "der")),
          chain_pem(at(q, "chain_pem")), purpose(at(q, "purpose")), subject(at(q, "subject")),
          issuer(at(q, "issuer")), serial(at(q, "serial")), not_before(at(q, "not_before")),
          not_after(at(q, "not_after")), fingerprint(at(q, "fingerprint")), key_name(at(q, "key_name")),
          trust_bundle(at(q, "trust_bundle")), state(at(q, "state")), policy(at(q, "policy")),
          action(at(q, "action")), validation_mode(at(q, "validation_mode")), warnings(at(q, "warnings")),
          imported(at(q, "imported")), restore_action(at(q, "restore_action")) {}
    static SQLite::Column at(const SQLite::Statement& q, const char* column) {
        return q.getColumn(q.getColumnIndex(column));
    }
    SQLite::Column name, source, path, der, chain_pem, purpose, subject, issuer, serial, not_before, not_after,
        fingerprint, key_name, trust_bundle, state, policy, action, validation_mode, warnings, imported,
        restore_action;
};

CertRecord from_row(const RowColumns& c) {
    CertRecord r;
    r.name = text(c.name);
    r.source = text(c.source);
    r.path = text(c.path);
    if (!c.der.isNull()) {
        const auto* p = static_cast<const std::uint8_t*>(c.der.getBlob());
        r.der.assign(p, p + c.der.getBytes());
    }
    r.chain_pem = text(c.chain_pem);
    r.purpose = text(c.purpose);
    r.subject = text(c.subject);
    r.issuer = text(c.issuer);
    r.serial = text(c.serial);
    r.not_before = text(c.not_before);
    r.not_after = text(c.not_after);
    r.fingerprint = text(c.fingerprint);
    r.key_name = text(c.key_name);
    r.trust_bundle = text(c.trust_bundle);
    r.state = text(c.state);
    r.policy = text(c.policy);
    r.action = text(c.action);
    r.validation_mode = text(c.validation_mode);
    const std::string warnings = text(c.warnings);
    if (!warnings.empty()) {
        try {
            r.warnings = nlohmann::json::parse(warnings).get<std::vector<std::string>>();
        } catch (const std::exception&) {
            r.warnings = {warnings};
        }
    }
    r.imported = text(c.imported);
    r.restore_action = text(c.restore_action);
    return r;
}

CertRecord one_row(SQLite::Statement& q) { return from_row(RowColumns(q)); }

void update_one(storage::Database& db, const std::string& sql, const std::string& name,
                const std::vector<std::string>& values) {
    try {
        storage::Database::Cached cached = db.cached(sql);
        SQLite::Statement& s = *cached;
        int i = 1;
        for (const auto& v : values) {
            bind_text(s, i++, v);
        }
        s.bind(i, name);
        if (s.exec() == 0) {
            throw core::Error(core::Errc::not_found, "no such certificate", name, "not in the inventory",
                              "see `certctl cert list`");
        }
    } catch (const core::Error&) {
        throw;
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, "certificates");
    }
}
}  // namespace

void Inventory::add(const CertRecord& r) {
    if (exists(r.name)) {
        throw core::Error(core::Errc::usage, "certificate name already in use", r.name,
                          "a certificate with this name exists; nothing was overwritten",
                          "pick another name, or `certctl cert remove " + r.name + "` first");
    }
    try {
        storage::Database::Cached cached = m_db.cached(std::string("INSERT INTO certificates(") + k_columns +
                                                       ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        SQLite::Statement& s = *cached;
        s.bind(1, r.name);
        s.bind(2, r.source);
        bind_text(s, 3, r.path);
        if (r.der.empty()) {
            s.bind(4);
        } else {
            s.bind(4, r.der.data(), static_cast<int>(r.der.size()));
        }
        bind_text(s, 5, r.chain_pem);
        bind_text(s, 6, r.purpose);
        bind_text(s, 7, r.subject);
        bind_text(s, 8, r.issuer);
        bind_text(s, 9, r.serial);
        bind_text(s, 10, r.not_before);
        bind_text(s, 11, r.not_after);
        bind_text(s, 12, r.fingerprint);
        bind_text(s, 13, r.key_name);
        bind_text(s, 14, r.trust_bundle);
        s.bind(15, r.state);
        s.bind(16, r.policy);
        bind_text(s, 17, r.action);
        bind_text(s, 18, r.validation_mode);
        s.bind(19, nlohmann::json(r.warnings).dump());
        s.bind(20, r.imported);
        bind_text(s, 21, r.restore_action);
        s.exec();
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, "certificates");
    }
}

bool Inventory::exists(const std::string& name) {
    try {
        storage::Database::Cached q = m_db.cached("SELECT 1 FROM certificates WHERE name = ?");
        q->bind(1, name);
        return q->executeStep();
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, "certificates");
    }
}

void set_certificate_fields(CertRecord& record, const CertSummary& summary) {
    record.subject = summary.subject;
    record.issuer = summary.issuer;
    record.serial = summary.serial;
    record.not_before = summary.not_before;
    record.not_after = summary.not_after;
    record.fingerprint = summary.fingerprint;
}

std::optional<CertRecord> Inventory::find(const std::string& name) {
    std::vector<CertRecord> rows = m_db.select<CertRecord>(
        std::string("SELECT ") + k_columns + " FROM certificates WHERE name = ?",
        [&](SQLite::Statement& q) { q.bind(1, name); }, one_row);
    if (rows.empty()) {
        return std::nullopt;
    }
    refresh_tracked(rows.front());  // tracked rows describe their file as it is now (tracked_file.h)
    return std::move(rows.front());
}

void Inventory::for_each(Content content, const std::function<void(CertRecord&&)>& row) {
    each_row(content, "ORDER BY name", row);
}

void Inventory::each_row(Content content, const std::string& tail, const std::function<void(CertRecord&&)>& row) {
    std::optional<RowColumns> at;
    m_db.each(std::string("SELECT ") + columns(content) +
                  " FROM certificates " + tail,
              [](SQLite::Statement&) {},
              [&at, &row](SQLite::Statement& q) {
                  if (!at) {
                      at.emplace(q);
                  }
                  CertRecord r = from_row(*at);
                  refresh_tracked(r);  // tracked rows describe their file as it is now (tracked_file.h)
                  row(std::move(r));
              });
}

std::vector<CertRecord> Inventory::all(Content content) {
    std::vector<CertRecord> rows;
    rows.reserve(count());  // a row is large: growing the vector moved each one a dozen times
    for_each(content, [&rows](CertRecord&& r) { rows.push_back(std::move(r)); });
    return rows;
}

std::vector<CertRecord> Inventory::list() { return all(Content::whole); }

std::vector<CertRecord> Inventory::list_fields() { return all(Content::fields); }

std::size_t Inventory::count() {
    std::size_t n = 0;
    m_db.each("SELECT count(*) FROM certificates", [](SQLite::Statement&) {},
              [&n](SQLite::Statement& q) { n = static_cast<std::size_t>(q.getColumn(0).getInt64()); });
    return n;
}

Inventory::Tally Inventory::tally(const std::string& now) {
    Tally t;
    // Stored rows are counted by SQLite. Dates are RFC 3339 UTC text of one fixed form, so text order is time
    // order.
    std::int64_t tracked = 0;
    m_db.each(
        "SELECT source = 'tracked', count(*), total(state = ?), total(state = ?),"
        " total(not_after IS NOT NULL AND not_after <> '' AND not_after < ?)"
        " FROM certificates GROUP BY 1",
        [&](SQLite::Statement& q) {
            q.bind(1, k_state_in_service);
            q.bind(2, k_state_out_of_service);
            q.bind(3, now);
        },
        [&](SQLite::Statement& q) {
            if (q.getColumn(0).getInt() != 0) {
                tracked = q.getColumn(1).getInt64();
                return;
            }
            t.total = q.getColumn(1).getInt64();
            t.in_service = static_cast<std::int64_t>(q.getColumn(2).getDouble());
            t.out_of_service = static_cast<std::int64_t>(q.getColumn(3).getDouble());
            t.expired = static_cast<std::int64_t>(q.getColumn(4).getDouble());
        });
    if (tracked == 0) {
        return t;
    }
    // A tracked row's dates are its file's as it is now (tracked_file.h), which the row may not know yet.
    each_row(Content::fields, "WHERE source = 'tracked'", [&](CertRecord&& r) {
        ++t.total;
        t.in_service += r.state == k_state_in_service ? 1 : 0;
        t.out_of_service += r.state == k_state_out_of_service ? 1 : 0;
        t.expired += !r.not_after.empty() && r.not_after < now ? 1 : 0;
    });
    return t;
}

void Inventory::remove(const std::string& name) {
    update_one(m_db, "DELETE FROM certificates WHERE name = ?", name, {});
}

void Inventory::set_state(const std::string& name, const std::string& state) {
    update_one(m_db, "UPDATE certificates SET state = ? WHERE name = ?", name, {state});
}

void Inventory::set_policy(const std::string& name, const std::string& policy, const std::string& action) {
    update_one(m_db, "UPDATE certificates SET policy = ?, action = ? WHERE name = ?", name, {policy, action});
}

std::vector<CertPolicy> Inventory::policies() {
    std::vector<CertPolicy> out;
    out.reserve(count());
    // Read from the index certificates_settings, not from each row with its certificate and chain.
    m_db.each("SELECT name, purpose, state, policy, action, restore_action FROM certificates ORDER BY name",
              [](SQLite::Statement&) {},
              [&out](SQLite::Statement& q) {
                  out.push_back({text(q.getColumn(0)), text(q.getColumn(1)), text(q.getColumn(2)),
                                 text(q.getColumn(3)), text(q.getColumn(4)), text(q.getColumn(5))});
              });
    return out;
}

std::vector<Inventory::IssuedDates> Inventory::issued_in_service() {
    std::vector<IssuedDates> out;
    // Read from the index certificates_settings (every column asked is in it), not from each row.
    m_db.each("SELECT name, not_before, not_after FROM certificates WHERE source = 'issued' AND state = ? AND "
              "not_before <> '' AND not_after <> '' ORDER BY name",
              [](SQLite::Statement& q) { q.bind(1, k_state_in_service); },
              [&out](SQLite::Statement& q) {
                  out.push_back({text(q.getColumn(0)), text(q.getColumn(1)), text(q.getColumn(2))});
              });
    return out;
}

const CertPolicy* find_policy(const std::vector<CertPolicy>& sorted, const std::string& name) {
    const auto it = std::lower_bound(sorted.begin(), sorted.end(), name,
                                     [](const CertPolicy& p, const std::string& n) { return p.name < n; });
    return it != sorted.end() && it->name == name ? &*it : nullptr;
}

void Inventory::set_restore_action(const std::string& name, const std::string& action) {
    update_one(m_db, "UPDATE certificates SET restore_action = ? WHERE name = ?", name, {action});
}

std::optional<std::string> Inventory::source_of(const std::string& name) {
    try {
        storage::Database::Cached q = m_db.cached("SELECT source FROM certificates WHERE name = ?");
        q->bind(1, name);
        if (q->executeStep()) {
            return q->getColumn("source").getString();
        }
        return std::nullopt;
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, "certificates");
    }
}

std::vector<std::vector<std::uint8_t>> Inventory::stored_certificates() {
    return m_db.select<std::vector<std::uint8_t>>(
        "SELECT der FROM certificates WHERE der IS NOT NULL", [](SQLite::Statement&) {},
        [](SQLite::Statement& q) { return storage::blob(q.getColumn("der")); });
}

std::vector<std::string> Inventory::in_service_using_key(const std::string& key) {
    return m_db.select<std::string>(
        "SELECT name FROM certificates WHERE state = 'in-service' AND (key_name = ?1 OR"
        " ((key_name IS NULL OR key_name = '') AND name = ?1)) ORDER BY name",
        [&](SQLite::Statement& q) { q.bind(1, key); },
        [](SQLite::Statement& q) { return q.getColumn("name").getString(); });
}

void Inventory::replace(const CertRecord& successor, const std::string& when, const std::string& event) {
    const std::optional<CertRecord> old = find(successor.name);
    if (!old) {
        throw core::Error(core::Errc::not_found, "no such certificate", successor.name, "not in the inventory",
                          "see `certctl cert list`");
    }
    try {
        storage::Database::Cached h = m_db.cached(
            "INSERT INTO certificate_history(name, serial, fingerprint, subject, issuer, not_before, not_after, der,"
            " replaced, replaced_by, event) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
        h->bind(1, old->name);
        h->bind(2, old->serial);
        h->bind(3, old->fingerprint);
        bind_text(*h, 4, old->subject);
        bind_text(*h, 5, old->issuer);
        bind_text(*h, 6, old->not_before);
        bind_text(*h, 7, old->not_after);
        if (old->der.empty()) {
            h->bind(8);
        } else {
            h->bind(8, old->der.data(), static_cast<int>(old->der.size()));
        }
        h->bind(9, when);
        h->bind(10, successor.serial);
        h->bind(11, event);
        h->exec();
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, "certificate history");
    }
    CertRecord r = successor;
    const auto keep = [](std::string& mine, const std::string& theirs) {
        if (mine.empty()) {
            mine = theirs;
        }
    };
    keep(r.key_name, old->key_name);
    keep(r.trust_bundle, old->trust_bundle);
    keep(r.action, old->action);
    keep(r.restore_action, old->restore_action);
    keep(r.chain_pem, old->chain_pem);
    if (r.purpose.empty() || r.purpose == "any") {
        r.purpose = old->purpose;
    }
    r.policy = old->policy;
    r.state = k_state_in_service;  // a fresh certificate: whatever took the old one out of service is gone
    remove(successor.name);
    add(r);
}

std::vector<HistoryEntry> Inventory::history(const std::string& name) {
    return m_db.select<HistoryEntry>(
        "SELECT serial, fingerprint, ifnull(subject, '') AS subject, ifnull(not_before, '') AS not_before,"
        " ifnull(not_after, '') AS not_after, replaced, replaced_by, event FROM certificate_history WHERE name = ?"
        " ORDER BY replaced DESC, rowid DESC",
        [&](SQLite::Statement& q) { q.bind(1, name); },
        [](SQLite::Statement& q) {
            return HistoryEntry{q.getColumn("serial").getString(),      q.getColumn("fingerprint").getString(),
                                q.getColumn("subject").getString(),     q.getColumn("not_before").getString(),
                                q.getColumn("not_after").getString(),   q.getColumn("replaced").getString(),
                                q.getColumn("replaced_by").getString(), q.getColumn("event").getString()};
        });
}

void Inventory::set_pending_renewal(const PendingRenewal& p) {
    try {
        SQLite::Statement q(m_db.sql(),
                            "INSERT OR REPLACE INTO pending_renewals(name, csr_pem, public_key_sha256, requested)"
                            " VALUES (?, ?, ?, ?)");
        q.bind(1, p.name);
        q.bind(2, p.csr_pem);
        q.bind(3, p.public_key_sha256);
        q.bind(4, p.requested);
        q.exec();
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, "pending renewals");
    }
}

std::optional<PendingRenewal> Inventory::pending_renewal(const std::string& name) {
    auto rows = m_db.select<PendingRenewal>(
        "SELECT name, csr_pem, public_key_sha256, requested FROM pending_renewals WHERE name = ?",
        [&](SQLite::Statement& q) { q.bind(1, name); },
        [](SQLite::Statement& q) {
            return PendingRenewal{q.getColumn("name").getString(), q.getColumn("csr_pem").getString(),
                                  q.getColumn("public_key_sha256").getString(), q.getColumn("requested").getString()};
        });
    if (rows.empty()) {
        return std::nullopt;
    }
    return std::move(rows.front());
}

void Inventory::clear_pending_renewal(const std::string& name) {
    try {
        SQLite::Statement q(m_db.sql(), "DELETE FROM pending_renewals WHERE name = ?");
        q.bind(1, name);
        q.exec();
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, "pending renewals");
    }
}

}  // namespace certctl::certs
