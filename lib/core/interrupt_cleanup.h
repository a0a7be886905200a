// lib/core/interrupt_cleanup.h — temporary files and directories removed when SIGINT or SIGTERM ends the
// process, so an interrupted `ca issue --out-dir D` or CRL download leaves nothing half-written behind.
#pragma once
#include <filesystem>
#include <string>

namespace certctl::core {

// Something a signal handler may undo. remove_now() must be async-signal-safe (unlink, rmdir, nothing
// that allocates or locks), and the paths it reads must not change while it is registered.
class InterruptCleanup {
public:
    InterruptCleanup() = default;
    InterruptCleanup(const InterruptCleanup&) = delete;
    InterruptCleanup& operator=(const InterruptCleanup&) = delete;
    virtual void remove_now() const noexcept = 0;

protected:
    ~InterruptCleanup() = default;
};

// At most this many registrations at once; one beyond is not undone on a signal (the next run's sweep of
// stale temporaries is the fallback).
inline constexpr std::size_t k_max_interrupt_cleanups = 32;

void register_interrupt_cleanup(const InterruptCleanup* cleanup) noexcept;
void unregister_interrupt_cleanup(const InterruptCleanup* cleanup) noexcept;

// Installs SIGINT and SIGTERM handlers that run every registered cleanup and then let the signal end the
// process as it would have (default action re-raised), so the exit status still says which signal.
// Signals a caller blocks (watch waits for them with sigtimedwait) never reach the handler. Call once.
void install_interrupt_cleanup_handlers();

// Brackets the creation and writing of one registered temporary, for writers on other threads: once a
// signal's cleanup has begun, allowed() is false and nothing may be created; the handler waits (up to 2 s)
// for writes already under way, so no file appears after it has removed the temporaries.
class TemporaryWrite final {
public:
    TemporaryWrite() noexcept;
    ~TemporaryWrite();
    TemporaryWrite(const TemporaryWrite&) = delete;
    TemporaryWrite& operator=(const TemporaryWrite&) = delete;
    bool allowed() const noexcept { return m_allowed; }

private:
    bool m_allowed;
};

// One temporary file, registered for its lifetime (the file itself is not removed by the destructor).
class InterruptCleanupFile final : public InterruptCleanup {
public:
    explicit InterruptCleanupFile(const std::filesystem::path& path);
    ~InterruptCleanupFile();
    void remove_now() const noexcept override;

private:
    std::string m_path;
};

// Whether process `pid` still runs (a temporary named after a pid that is gone is a leftover).
bool process_alive(long pid) noexcept;

}  // namespace certctl::core
