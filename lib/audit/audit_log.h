// lib/audit/audit_log.h — audit events with JSON detail, stored in the same database as what they describe.
#pragma once
#include "lib/core/clock.h"
#include "lib/storage/database.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace certctl::audit {

// The event types, one row each: type, message, description prefix ("Generated CSR for: " + subject).
struct EventType {
    const char* type;
    const char* message;
    const char* description_prefix;
};
const std::vector<EventType>& event_types();

struct Event {
    std::int64_t id = 0;
    std::string time;  // RFC 3339 UTC with milliseconds
    std::string type;
    std::string node;  // host name
    std::string message;
    std::string description;
    nlohmann::json detail;
    bool success = true;
    bool permitted = true;
    std::optional<std::string> user;
};

struct EventFilter {
    std::optional<std::string> type;
    std::optional<core::TimePoint> since;
    std::size_t limit = 100;
};

class AuditLog final {
public:
    explicit AuditLog(storage::Database& db, const core::Clock& clock);

    // Records `type` (a row of event_types(), else Error(internal)) about `subject` (the description's
    // object: a name, a URL). `detail` gets "success" (and "error" when given) added. Call inside the
    // transaction that makes the change, so event and change never disagree. Inside an ActorScope the event
    // carries the actor's user name and "client_address" in its detail.
    void record(const std::string& type, const std::string& subject, nlohmann::json detail, bool success,
                const std::string& error = {});

    // An attempt the caller's role does not allow (REST API): success and permitted false, `why` as error.
    void record_forbidden(const std::string& type, const std::string& subject, nlohmann::json detail,
                          const std::string& why);

    std::vector<Event> list(const EventFilter& filter);

private:
    void insert(const std::string& type, const std::string& subject, nlohmann::json detail, bool success,
                bool permitted, const std::string& error);
    storage::Database& m_db;
    const core::Clock& m_clock;
};

}  // namespace certctl::audit
