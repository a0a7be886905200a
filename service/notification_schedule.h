// service/notification_schedule.h — when a purpose gets re-notified before expiry (a purpose -> schedule table).
#pragma once
#include "lib/core/clock.h"

#include <optional>
#include <string>
#include <vector>

namespace certctl::service {

// Points at notAfter - first_before, then every `every` while still at least `last_before` before
// notAfter; every == 0 means the single point first_before.
struct ScheduleStep {
    core::Seconds first_before;
    core::Seconds last_before;
    core::Seconds every;
};

struct NotificationSchedule {
    const char* purpose;
    std::vector<const char*> names;  // inventory names that follow it whatever their purpose
    std::vector<ScheduleStep> steps;
};

// Rows: id-cert follows the renewal cadence (T-60d, T-30d, weekly, daily in the last week, hourly on the
// last day). Purposes without a row are notified only when their alarm is raised or escalates.
const std::vector<NotificationSchedule>& notification_schedules();
// The row for `purpose`, else the row listing `name`, else nullptr.
const NotificationSchedule* schedule_for(const std::string& purpose, const std::string& name = {});

// Every point of `s` for a certificate expiring at `not_after`, ascending, without duplicates.
std::vector<core::TimePoint> notification_points(const NotificationSchedule& s, core::TimePoint not_after);

// The latest point in (last, at]: a notification is due when there is one. Without `last`, any point <= at.
std::optional<core::TimePoint> due_notification(const NotificationSchedule& s, core::TimePoint not_after,
                                                std::optional<core::TimePoint> last, core::TimePoint at);

}  // namespace certctl::service
