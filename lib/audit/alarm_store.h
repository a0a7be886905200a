// lib/audit/alarm_store.h — stored alarms: raised once, escalated, cleared when the cause goes; each
// raise and clear is an audit event. Shared by crl/ (CRL sources) and policies/ (certificates).
#pragma once
#include "lib/audit/audit_log.h"
#include "lib/core/clock.h"
#include "lib/storage/database.h"

#include <optional>
#include <string>
#include <vector>

namespace certctl::audit {

enum class Severity { minor = 1, major = 2, critical = 3 };
const char* severity_name(Severity s);            // "minor", "major", "critical"
std::optional<Severity> parse_severity(const std::string& name);

struct Alarm {
    std::int64_t id = 0;
    std::string kind;     // what is watched: "certificate", "crl_source", "exchange_sync"
    std::string subject;  // its name
    Severity severity = Severity::minor;
    std::string reason;   // the latest reason, e.g. "expires in 5 days", "HTTP 404 from http://..."
    std::string raised;   // RFC 3339, first raised
    std::string updated;  // RFC 3339, last change of severity or reason
    std::optional<std::string> cleared;  // RFC 3339 when cleared
};

class AlarmStore final {
public:
    AlarmStore(storage::Database& db, const core::Clock& clock);

    // Raises the alarm for (kind, subject), or updates the active one's severity and reason.
    // Returns true when something changed (new alarm, or severity/reason changed); a new alarm or a
    // severity change records system.alarm_raise. Call inside the caller's transaction.
    bool raise(const std::string& kind, const std::string& subject, Severity severity, const std::string& reason);
    // Clears the active alarm for (kind, subject) if any (system.alarm_clear); returns true if one was active.
    bool clear(const std::string& kind, const std::string& subject, const std::string& why);

    std::optional<Alarm> active(const std::string& kind, const std::string& subject);
    // Active alarms (all = false) or the whole history (all = true), newest raised first.
    std::vector<Alarm> list(bool all);

private:
    storage::Database& m_db;
    const core::Clock& m_clock;
};

}  // namespace certctl::audit
