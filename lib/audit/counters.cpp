// lib/audit/counters.cpp — counter table and storage.
#include "lib/audit/counters.h"

#include "lib/core/error.h"

namespace certctl::audit {

namespace {
const std::vector<CounterDef> k_counters = {
    {"csr_success", "CSRs created"},
    {"csr_failure", "CSR creations refused or failed"},
    {"certificate_import_success", "certificates imported"},
    {"certificate_import_failure", "certificate imports refused or failed"},
    {"crl_fetch_success", "CRL transfers that succeeded (a 304 counts)"},
    {"crl_fetch_failure", "CRL transfers that failed"},
    {"crl_ingestion_success", "new CRLs parsed, verified and merged"},
    {"crl_ingestion_failure", "fetched CRLs refused (parse, signature, dates, number)"},
    {"certificate_expired", "certificates that became expired"},
    {"certificate_invalid", "certificates that became invalid"},
    {"certificate_revoked", "certificates that became revoked"},
    {"peer_certificate_expired", "peer certificates that became expired"},
    {"peer_certificate_invalid", "peer certificates that became invalid"},
    {"peer_certificate_revoked", "peer certificates that became revoked"},
};
}  // namespace

const std::vector<CounterDef>& counter_defs() { return k_counters; }

void Counters::increment(const std::string& name, std::int64_t by) {
    bool known = false;
    for (const CounterDef& c : k_counters) {
        known = known || name == c.name;
    }
    if (!known) {
        throw core::Error(core::Errc::internal, "unknown counter", name, "not in the counter table");
    }
    try {
        SQLite::Statement up(m_db.sql(),
                             "INSERT INTO counters(name, value) VALUES (?, ?) "
                             "ON CONFLICT(name) DO UPDATE SET value = value + excluded.value");
        up.bind(1, name);
        up.bind(2, by);
        up.exec();
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, "counters");
    }
}

std::map<std::string, std::int64_t> Counters::all() {
    std::map<std::string, std::int64_t> out;
    for (const CounterDef& c : k_counters) {
        out[c.name] = 0;
    }
    try {
        SQLite::Statement query(m_db.sql(), "SELECT name, value FROM counters");
        while (query.executeStep()) {
            const std::string name = query.getColumn("name").getString();
            if (out.count(name) != 0) {
                out[name] = query.getColumn("value").getInt64();
            }
        }
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, "counters");
    }
    return out;
}

void Counters::reset() {
    try {
        m_db.sql().exec("DELETE FROM counters");
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, "counters");
    }
}

}  // namespace certctl::audit
