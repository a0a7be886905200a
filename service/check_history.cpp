// service/check_history.cpp — rows of certificate_checks (see check_history.h).
#include "service/check_history.h"

#include "lib/storage/row.h"

namespace certctl::service {

std::map<std::string, PreviousCheck> CheckHistory::all() {
    using Row = std::pair<std::string, PreviousCheck>;
    std::map<std::string, PreviousCheck> out;
    for (Row& row : m_db.select<Row>(
             "SELECT name, condition, fingerprint, last_notified FROM certificate_checks", [](SQLite::Statement&) {},
             [](SQLite::Statement& q) {
                 return Row{q.getColumn("name").getString(),
                            {q.getColumn("condition").getString(), storage::text(q.getColumn("fingerprint")),
                             storage::optional_text(q.getColumn("last_notified"))}};
             })) {
        out.emplace(std::move(row));
    }
    return out;
}

void CheckHistory::save(const CheckRecord& r) {
    try {
        SQLite::Statement q(m_db.sql(),
                            "INSERT INTO certificate_checks (name, condition, severity, fingerprint, evaluated, "
                            "last_notified) VALUES (:name, :condition, :severity, :fingerprint, :evaluated, "
                            ":last_notified) ON CONFLICT(name) DO UPDATE SET condition = excluded.condition, "
                            "severity = excluded.severity, fingerprint = excluded.fingerprint, "
                            "evaluated = excluded.evaluated, last_notified = excluded.last_notified");
        q.bind(":name", r.name);
        q.bind(":condition", r.condition);
        if (r.severity) {
            q.bind(":severity", *r.severity);
        } else {
            q.bind(":severity");
        }
        q.bind(":fingerprint", r.fingerprint);
        q.bind(":evaluated", r.evaluated);
        if (r.last_notified) {
            q.bind(":last_notified", *r.last_notified);
        } else {
            q.bind(":last_notified");
        }
        q.exec();
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, "certificate checks");
    }
}

void CheckHistory::forget(const std::string& name) {
    try {
        SQLite::Statement q(m_db.sql(), "DELETE FROM certificate_checks WHERE name = ?");
        q.bind(1, name);
        q.exec();
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, "certificate checks");
    }
}

}  // namespace certctl::service
