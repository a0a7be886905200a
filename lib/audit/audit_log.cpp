// lib/audit/audit_log.cpp — the event table and its queries.
#include "lib/audit/audit_log.h"

#include "lib/audit/actor.h"

#include "lib/core/error.h"
#include "lib/core/rfc3339.h"

#include <unistd.h>

namespace certctl::audit {

namespace {
const std::vector<EventType> k_event_types = {
    {"system.generate_csr", "Generated certificate signing request.", "Generated CSR for: "},
    {"system.ingest_certificate", "Ingested a certificate.", "Ingested certificate: "},
    {"system.crl_update", "Updated certificate revocation list files.", "Updated CRL for issuer: "},
    {"system.issue_certificate", "Issued a certificate.", "Issued certificate: "},
    {"system.revoke_certificate", "Revoked a certificate.", "Revoked certificate: "},
    {"system.alarm_raise", "Raised an alarm.", "Raised alarm for: "},
    {"system.alarm_clear", "Cleared an alarm.", "Cleared alarm for: "},
    {"system.policy_action", "Ran a policy action.", "Ran policy action for: "},
    {"system.generate_key", "Generated a private key.", "Generated key: "},
    {"system.import_key", "Imported a private key.", "Imported key: "},
    {"system.import_ca", "Adopted an existing CA.", "Adopted CA: "},
    {"system.renew_certificate", "Renewed a certificate.", "Renewed certificate: "},
    {"system.certificate_hook", "Ran an on-change hook.", "Ran on-change hook for: "},
    {"system.deploy_certificate", "Added a deploy target.", "Added deploy target for: "},
    {"system.user_add", "Added an API user.", "Added API user: "},
    {"system.user_remove", "Removed an API user.", "Removed API user: "},
    {"system.user_password", "Changed an API user's password.", "Changed password of API user: "},
    {"system.user_revoke_tokens", "Revoked an API user's tokens.", "Revoked tokens of API user: "},
    {"system.login", "Logged in to the API.", "API login of user: "},
};

const std::string& host_name() {
    static const std::string name = [] {
        char buf[256] = {0};
        return ::gethostname(buf, sizeof buf - 1) == 0 ? std::string(buf) : std::string("unknown");
    }();
    return name;
}

std::string time_with_millis(core::TimePoint at) {
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count() % 1000;
    std::string base = core::format_rfc3339(at);
    char frac[8];
    std::snprintf(frac, sizeof frac, ".%03d", static_cast<int>(ms < 0 ? ms + 1000 : ms));
    base.insert(base.size() - 1, frac);  // before the 'Z'
    return base;
}
}  // namespace

const std::vector<EventType>& event_types() { return k_event_types; }

AuditLog::AuditLog(storage::Database& db, const core::Clock& clock) : m_db(db), m_clock(clock) {}

void AuditLog::record(const std::string& type, const std::string& subject, nlohmann::json detail, bool success,
                      const std::string& error) {
    insert(type, subject, std::move(detail), success, true, error);
}

void AuditLog::record_forbidden(const std::string& type, const std::string& subject, nlohmann::json detail,
                                const std::string& why) {
    insert(type, subject, std::move(detail), false, false, why);
}

void AuditLog::insert(const std::string& type, const std::string& subject, nlohmann::json detail, bool success,
                      bool permitted, const std::string& error) {
    const EventType* row = nullptr;
    for (const EventType& t : k_event_types) {
        if (type == t.type) {
            row = &t;
        }
    }
    if (row == nullptr) {
        throw core::Error(core::Errc::internal, "unknown audit event type", type, "not in the event table");
    }
    if (!detail.is_object()) {
        detail = nlohmann::json::object();
    }
    detail["success"] = success;
    if (!error.empty()) {
        detail["error"] = error;
    }
    const Actor* actor = ActorScope::current();
    if (actor != nullptr) {
        detail["client_address"] = actor->address;
    }
    try {
        storage::Database::Cached cached =
            m_db.cached("INSERT INTO audit(time, type, node, message, description, detail, success, permitted, user)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        SQLite::Statement& stmt = *cached;
        stmt.bind(1, time_with_millis(m_clock.now()));
        stmt.bind(2, type);
        stmt.bind(3, host_name());
        stmt.bind(4, row->message);
        stmt.bind(5, std::string(row->description_prefix) + subject);
        stmt.bind(6,
                  detail.dump(
                      -1, ' ', false,
                      nlohmann::json::error_handler_t::replace));  // a filename with bad UTF-8 must not lose the event
        stmt.bind(7, success ? 1 : 0);
        stmt.bind(8, permitted ? 1 : 0);
        if (actor != nullptr) {
            stmt.bind(9, actor->user);
        } else {
            stmt.bind(9);
        }
        stmt.exec();
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, "audit log");
    }
}

std::vector<Event> AuditLog::list(const EventFilter& filter) {
    std::vector<Event> out;
    try {
        std::string sql = "SELECT id, time, type, node, message, description, detail, success, permitted, user "
                          "FROM audit WHERE 1=1";
        if (filter.type) {
            sql += " AND type = :type";
        }
        if (filter.since) {
            sql += " AND time >= :since";
        }
        // Newest last, as a log reads; the limit keeps the newest.
        sql = "SELECT * FROM (" + sql + " ORDER BY id DESC LIMIT :limit) ORDER BY id ASC";
        SQLite::Statement query(m_db.sql(), sql);
        if (filter.type) {
            query.bind(":type", *filter.type);
        }
        if (filter.since) {
            query.bind(":since", core::format_rfc3339(*filter.since));
        }
        query.bind(":limit", static_cast<std::int64_t>(filter.limit));
        while (query.executeStep()) {
            Event e;
            e.id = query.getColumn("id").getInt64();
            e.time = query.getColumn("time").getString();
            e.type = query.getColumn("type").getString();
            e.node = query.getColumn("node").getString();
            e.message = query.getColumn("message").getString();
            e.description = query.getColumn("description").getString();
            e.detail = nlohmann::json::parse(query.getColumn("detail").getString(), nullptr, false);
            e.success = query.getColumn("success").getInt() != 0;
            e.permitted = query.getColumn("permitted").getInt() != 0;
            if (!query.getColumn("user").isNull()) {
                e.user = query.getColumn("user").getString();
            }
            out.push_back(std::move(e));
        }
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, "audit log");
    }
    return out;
}

}  // namespace certctl::audit
