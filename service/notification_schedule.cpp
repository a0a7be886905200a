// service/notification_schedule.cpp — the schedule table and the arithmetic over it.
#include "service/notification_schedule.h"

#include <algorithm>

namespace certctl::service {

namespace {
constexpr core::Seconds k_day{86400};
constexpr core::Seconds k_hour{3600};

// The id-cert schedule (docs/alarms.md): T-60d, T-30d, T-23d, T-16d, T-9d, daily T-7d..T-1d, hourly in the last 24h.
// Certificates of purpose id-cert follow it, and so does an inventory entry named "id_cert" (the exchange
// field name) whatever purpose an operator gave it.
const std::vector<NotificationSchedule> k_schedules = {
    {"id-cert",
     {"id_cert"},
     {
         {60 * k_day, 60 * k_day, core::Seconds{0}},
         {30 * k_day, 9 * k_day, 7 * k_day},
         {7 * k_day, 1 * k_day, k_day},
         {23 * k_hour, 1 * k_hour, k_hour},
     }},
};
}  // namespace

const std::vector<NotificationSchedule>& notification_schedules() { return k_schedules; }

const NotificationSchedule* schedule_for(const std::string& purpose, const std::string& name) {
    for (const NotificationSchedule& s : k_schedules) {
        if (purpose == s.purpose) {
            return &s;
        }
    }
    for (const NotificationSchedule& s : k_schedules) {
        for (const char* n : s.names) {
            if (name == n) {
                return &s;
            }
        }
    }
    return nullptr;
}

std::vector<core::TimePoint> notification_points(const NotificationSchedule& s, core::TimePoint not_after) {
    std::vector<core::TimePoint> out;
    for (const ScheduleStep& step : s.steps) {
        if (step.every.count() <= 0) {
            out.push_back(not_after - step.first_before);
            continue;
        }
        for (core::Seconds before = step.first_before; before >= step.last_before; before -= step.every) {
            out.push_back(not_after - before);
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::optional<core::TimePoint> due_notification(const NotificationSchedule& s, core::TimePoint not_after,
                                                std::optional<core::TimePoint> last, core::TimePoint at) {
    std::optional<core::TimePoint> due;
    for (const core::TimePoint p : notification_points(s, not_after)) {
        if (p <= at && (!last || p > *last)) {
            due = p;
        }
    }
    return due;
}

}  // namespace certctl::service
