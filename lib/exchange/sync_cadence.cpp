// lib/exchange/sync_cadence.cpp — days since the last successful sync become none / major / critical.
#include "lib/exchange/sync_cadence.h"

#include "lib/core/counted.h"
#include "lib/core/error.h"
#include "lib/core/rfc3339.h"

#include <SQLiteCpp/Statement.h>

namespace certctl::exchange {

namespace {
constexpr std::int64_t k_day = 86400;
}

SyncVerdict evaluate_sync(const std::optional<SyncRecord>& last, core::TimePoint now) {
    SyncVerdict v;
    v.last = last;
    if (!last) {
        v.reason = "no authorization or sync response imported yet";
        return v;
    }
    const std::int64_t age = core::to_unix(now) - core::to_unix(last->imported);
    const std::int64_t days = age / k_day;
    const std::string ago = "last successful sync " + core::counted(days, "day") + " ago (" +
                            core::format_rfc3339(last->imported) + ")";
    v.due = age >= k_sync_due_days * k_day;
    if (age >= k_sync_expired_days * k_day) {
        v.severity = audit::Severity::critical;
        v.reason = "registration expired: " + ago + ", not synchronized for 365 days";
    } else if (age >= k_sync_overdue_days * k_day) {
        v.severity = audit::Severity::major;
        v.reason = "sync overdue: " + ago + ", overdue from day 32";
    } else {
        v.reason = ago + (v.due ? ", due now" : "");
    }
    return v;
}

std::optional<SyncRecord> last_successful_sync(storage::Database& db) {
    try {
        SQLite::Statement q(db.sql(), "SELECT instance_id, kind, sync_type, imported FROM exchange_syncs "
                                      "ORDER BY imported DESC, id DESC LIMIT 1");
        if (!q.executeStep()) {
            return std::nullopt;
        }
        return SyncRecord{q.getColumn("instance_id").getString(), q.getColumn("kind").getString(),
                          q.getColumn("sync_type").getString(),
                          core::parse_time(q.getColumn("imported").getString(), "exchange_syncs.imported")};
    } catch (const core::Error&) {
        throw;
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, "exchange_syncs");
    }
}

void record_sync(storage::Database& db, const SyncRecord& rec, const std::string& file_sha256,
                 const std::optional<core::TimePoint>& last_generated) {
    SQLite::Statement ins(db.sql(), "INSERT INTO exchange_syncs(instance_id, kind, sync_type, file_sha256, "
                                    "last_generated, imported) VALUES (?, ?, ?, ?, ?, ?)");
    ins.bind(1, rec.instance_id);
    ins.bind(2, rec.kind);
    ins.bind(3, rec.sync_type);
    ins.bind(4, file_sha256);
    if (last_generated) {
        ins.bind(5, core::format_rfc3339(*last_generated));
    } else {
        ins.bind(5);
    }
    ins.bind(6, core::format_rfc3339(rec.imported));
    ins.exec();
}

SyncVerdict evaluate_sync(storage::Database& db, const core::Clock& clock) {
    return evaluate_sync(last_successful_sync(db), clock.now());
}

SyncVerdict apply_sync_alarm(storage::Database& db, const core::Clock& clock) {
    SyncVerdict v;
    db.transaction([&] {
        v = evaluate_sync(db, clock);
        if (!v.last) {
            return;
        }
        audit::AlarmStore alarms(db, clock);
        if (v.severity) {
            alarms.raise(k_sync_alarm_kind, v.last->instance_id, *v.severity, v.reason);
        } else {
            alarms.clear(k_sync_alarm_kind, v.last->instance_id, "synchronized: " + v.reason);
        }
    });
    return v;
}

}  // namespace certctl::exchange
