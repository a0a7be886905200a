// service/check_history.cpp — rows of certificate_checks (see check_history.h).
#include "service/check_history.h"

#include "lib/storage/row.h"

#include <algorithm>

namespace certctl::service {

std::vector<PreviousCheck> CheckHistory::all() {
    std::vector<PreviousCheck> out;
    // Read in the table's order and sorted here: ORDER BY name went through the name index to each row, twice
    // the time at 100,000 rows. The rows are mostly in name order already (saved as a check walked them).
    m_db.each("SELECT name, condition, fingerprint, last_notified FROM certificate_checks",
              [](SQLite::Statement&) {},
              [&out](SQLite::Statement& q) {
                  out.push_back({q.getColumn(0).getString(), q.getColumn(1).getString(),
                                 storage::text(q.getColumn(2)), storage::optional_text(q.getColumn(3))});
              });
    const auto by_name = [](const PreviousCheck& a, const PreviousCheck& b) { return a.name < b.name; };
    if (!std::is_sorted(out.begin(), out.end(), by_name)) {
        std::sort(out.begin(), out.end(), by_name);
    }
    return out;
}

const PreviousCheck* CheckHistory::find(const std::vector<PreviousCheck>& sorted, const std::string& name) {
    const auto it = std::lower_bound(sorted.begin(), sorted.end(), name,
                                     [](const PreviousCheck& p, const std::string& n) { return p.name < n; });
    return it != sorted.end() && it->name == name ? &*it : nullptr;
}

void CheckHistory::save(const CheckRecord& r) {
    try {
        // Cached: `watch` saves one row for each certificate it evaluates.
        storage::Database::Cached c = m_db.cached(
            "INSERT INTO certificate_checks (name, condition, severity, fingerprint, evaluated, "
            "last_notified) VALUES (:name, :condition, :severity, :fingerprint, :evaluated, "
            ":last_notified) ON CONFLICT(name) DO UPDATE SET condition = excluded.condition, "
            "severity = excluded.severity, fingerprint = excluded.fingerprint, "
            "evaluated = excluded.evaluated, last_notified = excluded.last_notified");
        c->bind(":name", r.name);
        c->bind(":condition", r.condition);
        if (r.severity) {
            c->bind(":severity", *r.severity);
        } else {
            c->bind(":severity");
        }
        c->bind(":fingerprint", r.fingerprint);
        c->bind(":evaluated", r.evaluated);
        if (r.last_notified) {
            c->bind(":last_notified", *r.last_notified);
        } else {
            c->bind(":last_notified");
        }
        c->exec();
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, "certificate checks");
    }
}

void CheckHistory::forget(const std::string& name) {
    try {
        storage::Database::Cached q = m_db.cached("DELETE FROM certificate_checks WHERE name = ?");
        q->bind(1, name);
        q->exec();
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, "certificate checks");
    }
}

}  // namespace certctl::service
