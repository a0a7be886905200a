// policies/systemd_notify.cpp — thin wrappers over sd_notify / sd_watchdog_enabled.
#include "policies/systemd_notify.h"

#ifdef CERTCTL_HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

namespace certctl::policies {

#ifdef CERTCTL_HAVE_SYSTEMD
void notify_ready(const std::string& status) { ::sd_notify(0, ("READY=1\nSTATUS=" + status).c_str()); }
void notify_stopping() { ::sd_notify(0, "STOPPING=1"); }
void notify_watchdog() { ::sd_notify(0, "WATCHDOG=1"); }
void notify_status(const std::string& status) { ::sd_notify(0, ("STATUS=" + status).c_str()); }
std::optional<core::Seconds> watchdog_period() {
    std::uint64_t usec = 0;
    if (::sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
        return core::Seconds(std::max<std::uint64_t>(1, usec / 1000000));
    }
    return std::nullopt;
}
#else
void notify_ready(const std::string&) {}
void notify_stopping() {}
void notify_watchdog() {}
void notify_status(const std::string&) {}
std::optional<core::Seconds> watchdog_period() { return std::nullopt; }
#endif

}  // namespace certctl::policies
