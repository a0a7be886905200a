// lib/exchange/sync_cadence.h — the On-Prem's sync cadence as alarms (docs/exchange.md): with t = now - last
// successful sync, due at 30 d (no alarm), major "sync overdue" from 32 d, critical "registration expired"
// from 365 d; a verified sync response (or authorization) that is imported clears both.
#pragma once
#include "lib/audit/alarm_store.h"
#include "lib/core/clock.h"
#include "lib/storage/database.h"

#include <optional>
#include <string>

namespace certctl::exchange {

inline constexpr const char* k_sync_alarm_kind = "exchange_sync";  // alarms.kind; subject = the On-Prem UUID
inline constexpr int k_sync_due_days = 30;
inline constexpr int k_sync_overdue_days = 32;
inline constexpr int k_sync_expired_days = 365;

struct SyncRecord {
    std::string instance_id;
    std::string kind;       // authorization | sync_response
    std::string sync_type;  // FULL | PARTIAL
    core::TimePoint imported;
};

struct SyncVerdict {
    std::optional<audit::Severity> severity;  // none: in cadence (or never registered)
    std::string reason;                       // "last successful sync 33 days ago (overdue from day 32)"
    std::optional<SyncRecord> last;
    bool due = false;                          // t >= 30 d: a sync should run now
};

// Pure: the verdict for a last successful sync (none: nothing to say, no On-Prem registered yet).
SyncVerdict evaluate_sync(const std::optional<SyncRecord>& last, core::TimePoint now);

// The newest imported authorization or sync response, if any (table exchange_syncs).
std::optional<SyncRecord> last_successful_sync(storage::Database& db);
// Records an import as a successful sync. Call inside the import's transaction.
void record_sync(storage::Database& db, const SyncRecord& rec, const std::string& file_sha256,
                 const std::optional<core::TimePoint>& last_generated);

// evaluate_sync over the store at clock.now().
SyncVerdict evaluate_sync(storage::Database& db, const core::Clock& clock);
// evaluate_sync, then raise, escalate or clear the exchange_sync alarm for the On-Prem (one transaction).
// Returns the verdict. This is what `certctl check` and `watch` call.
SyncVerdict apply_sync_alarm(storage::Database& db, const core::Clock& clock);

}  // namespace certctl::exchange
