// service/systemd_notify.cpp — sd_notify / sd_watchdog_enabled from libsystemd, opened with dlopen only when
// systemd asked for notifications (NOTIFY_SOCKET set). Linking libsystemd loaded it and the five libraries it
// needs (libgcrypt, libgpg-error, liblz4, libzstd, libcap) into every certctl process, and relocating them
// was start-up time paid by every `crl lookup` and cron job that never talks to systemd.
#include "service/systemd_notify.h"

#include <dlfcn.h>
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <mutex>

namespace certctl::service {

namespace {
struct Systemd {
    int (*notify)(int, const char*) = nullptr;
    int (*watchdog_enabled)(int, std::uint64_t*) = nullptr;
};

// nullptr when not run by systemd with a notification socket, or when libsystemd.so.0 is not installed
// (then there is nobody to tell: a service manager that sets NOTIFY_SOCKET ships the library).
const Systemd* systemd() {
    static std::once_flag once;
    static Systemd lib;
    static bool loaded = false;
    std::call_once(once, [] {
        if (std::getenv("NOTIFY_SOCKET") == nullptr) {
            return;
        }
        void* handle = ::dlopen("libsystemd.so.0", RTLD_NOW | RTLD_LOCAL);
        if (handle == nullptr) {
            return;
        }
        lib.notify = reinterpret_cast<int (*)(int, const char*)>(::dlsym(handle, "sd_notify"));
        lib.watchdog_enabled = reinterpret_cast<int (*)(int, std::uint64_t*)>(::dlsym(handle, "sd_watchdog_enabled"));
        loaded = lib.notify != nullptr && lib.watchdog_enabled != nullptr;
    });
    return loaded ? &lib : nullptr;
}

void notify(const std::string& message) {
    if (const Systemd* s = systemd()) {
        s->notify(0, message.c_str());
    }
}
}  // namespace

void notify_ready(const std::string& status) { notify("READY=1\nSTATUS=" + status); }
void notify_stopping() { notify("STOPPING=1"); }
void notify_watchdog() { notify("WATCHDOG=1"); }
void notify_status(const std::string& status) { notify("STATUS=" + status); }

std::optional<core::Seconds> watchdog_period() {
    const Systemd* s = systemd();
    std::uint64_t usec = 0;
    if (s != nullptr && s->watchdog_enabled(0, &usec) > 0 && usec > 0) {
        return core::Seconds(std::max<std::uint64_t>(1, usec / 1000000));
    }
    return std::nullopt;
}

}  // namespace certctl::service
