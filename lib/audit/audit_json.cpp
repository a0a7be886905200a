// lib/audit/audit_json.cpp — event and alarm rows as JSON.
#include "lib/audit/audit_json.h"

namespace certctl::audit {

nlohmann::json event_json(const Event& e) {
    return {{"id", e.id},
            {"time", e.time},
            {"type", e.type},
            {"node", e.node},
            {"message", e.message},
            {"description", e.description},
            {"detail", e.detail},
            {"success", e.success},
            {"permitted", e.permitted},
            {"user", e.user ? nlohmann::json(*e.user) : nlohmann::json(nullptr)}};
}

nlohmann::json alarm_json(const Alarm& a) {
    return {{"id", a.id},
            {"kind", a.kind},
            {"subject", a.subject},
            {"severity", severity_name(a.severity)},
            {"reason", a.reason},
            {"raised", a.raised},
            {"updated", a.updated},
            {"cleared", a.cleared ? nlohmann::json(*a.cleared) : nlohmann::json(nullptr)},
            {"active", !a.cleared.has_value()}};
}

}  // namespace certctl::audit
