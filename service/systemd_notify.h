// service/systemd_notify.h — sd_notify(3) READY/STOPPING/WATCHDOG when run under systemd (libsystemd, opened
// on first use); without NOTIFY_SOCKET, or without libsystemd.so.0 installed, every call does nothing.
#pragma once
#include "lib/core/clock.h"

#include <optional>
#include <string>

namespace certctl::service {

void notify_ready(const std::string& status);
void notify_stopping();
void notify_watchdog();
void notify_status(const std::string& status);
// The watchdog period systemd asked for (WATCHDOG_USEC), if any: ping at least twice per period.
std::optional<core::Seconds> watchdog_period();

}  // namespace certctl::service
