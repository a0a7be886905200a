// lib/audit/alarm_store.cpp — alarm rows and their audit trail.
#include "lib/audit/alarm_store.h"

#include "lib/core/rfc3339.h"

namespace certctl::audit {

namespace {
Alarm read_row(SQLite::Statement& q) {
    Alarm a;
    a.id = q.getColumn("id").getInt64();
    a.kind = q.getColumn("kind").getString();
    a.subject = q.getColumn("subject").getString();
    a.severity = static_cast<Severity>(q.getColumn("severity").getInt());
    a.reason = q.getColumn("reason").getString();
    a.raised = q.getColumn("raised").getString();
    a.updated = q.getColumn("updated").getString();
    if (!q.getColumn("cleared").isNull()) {
        a.cleared = q.getColumn("cleared").getString();
    }
    return a;
}
const char* k_columns = "id, kind, subject, severity, reason, raised, updated, cleared";
}  // namespace

const char* severity_name(Severity s) {
    switch (s) {
        case Severity::minor: return "minor";
        case Severity::major: return "major";
        case Severity::critical: return "critical";
    }
    return "critical";
}

std::optional<Severity> parse_severity(const std::string& name) {
    for (Severity s : {Severity::minor, Severity::major, Severity::critical}) {
        if (name == severity_name(s)) {
            return s;
        }
    }
    return std::nullopt;
}

AlarmStore::AlarmStore(storage::Database& db, const core::Clock& clock) : m_db(db), m_clock(clock) {}

std::optional<Alarm> AlarmStore::active(const std::string& kind, const std::string& subject) {
    try {
        // Cached: `watch` asks once for every certificate of the inventory in each pass.
        storage::Database::Cached q = m_db.cached(std::string("SELECT ") + k_columns +
                                                  " FROM alarms WHERE kind = ? AND subject = ? AND cleared IS NULL");
        q->bind(1, kind);
        q->bind(2, subject);
        if (q->executeStep()) {
            return read_row(*q);
        }
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, "alarms");
    }
    return std::nullopt;
}

bool AlarmStore::raise(const std::string& kind, const std::string& subject, Severity severity,
                       const std::string& reason) {
    const std::string now = core::format_rfc3339(m_clock.now());
    const std::optional<Alarm> current = active(kind, subject);
    AuditLog log(m_db, m_clock);
    const nlohmann::json detail = {{"kind", kind},
                                   {"subject", subject},
                                   {"severity", severity_name(severity)},
                                   {"reason", reason},
                                   {"previous_severity", current ? nlohmann::json(severity_name(current->severity))
                                                                 : nlohmann::json(nullptr)}};
    try {
        if (!current) {
            storage::Database::Cached ins = m_db.cached(
                "INSERT INTO alarms(kind, subject, severity, reason, raised, updated) VALUES (?, ?, ?, ?, ?, ?)");
            ins->bind(1, kind);
            ins->bind(2, subject);
            ins->bind(3, static_cast<int>(severity));
            ins->bind(4, reason);
            ins->bind(5, now);
            ins->bind(6, now);
            ins->exec();
            log.record("system.alarm_raise", kind + " " + subject, detail, true);
            return true;
        }
        if (current->severity == severity && current->reason == reason) {
            return false;
        }
        storage::Database::Cached up =
            m_db.cached("UPDATE alarms SET severity = ?, reason = ?, updated = ? WHERE id = ?");
        up->bind(1, static_cast<int>(severity));
        up->bind(2, reason);
        up->bind(3, now);
        up->bind(4, current->id);
        up->exec();
        if (current->severity != severity) {  // escalation (or de-escalation) is news; a new wording is not
            log.record("system.alarm_raise", kind + " " + subject, detail, true);
        }
        return true;
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, "alarms");
    }
}

bool AlarmStore::clear(const std::string& kind, const std::string& subject, const std::string& why) {
    const std::optional<Alarm> current = active(kind, subject);
    if (!current) {
        return false;
    }
    try {
        storage::Database::Cached up = m_db.cached("UPDATE alarms SET cleared = ? WHERE id = ?");
        up->bind(1, core::format_rfc3339(m_clock.now()));
        up->bind(2, current->id);
        up->exec();
        AuditLog(m_db, m_clock)
            .record("system.alarm_clear", kind + " " + subject,
                    {{"kind", kind},
                     {"subject", subject},
                     {"severity", severity_name(current->severity)},
                     {"reason", current->reason},
                     {"cleared_because", why}},
                    true);
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, "alarms");
    }
    return true;
}

std::vector<Alarm> AlarmStore::list(bool all) {
    std::vector<Alarm> out;
    try {
        SQLite::Statement q(m_db.sql(), std::string("SELECT ") + k_columns + " FROM alarms" +
                                            (all ? "" : " WHERE cleared IS NULL") + " ORDER BY raised DESC, id DESC");
        while (q.executeStep()) {
            out.push_back(read_row(q));
        }
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, "alarms");
    }
    return out;
}

}  // namespace certctl::audit
