// lib/core/interrupt_cleanup.cpp — a lock-free table of cleanups read by the signal handler.
#include "lib/core/interrupt_cleanup.h"

#include <unistd.h>
#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <ctime>

namespace certctl::core {

namespace {
// Plain atomic pointers: the handler may run on any thread at any moment, so no mutex and no allocation.
std::array<std::atomic<const InterruptCleanup*>, k_max_interrupt_cleanups> g_cleanups{};
std::atomic<bool> g_stopping{false};
std::atomic<int> g_writes_in_flight{0};

extern "C" void run_cleanups_and_die(int sig) {
    g_stopping = true;
    // Writers that started before the flag finish their file first (bounded: the handler may be running on
    // one of their threads), so the removal below sees every file there will ever be.
    for (int waited_ms = 0; g_writes_in_flight.load() > 0 && waited_ms < 2000; ++waited_ms) {
        timespec ms{0, 1000000};
        ::nanosleep(&ms, nullptr);
    }
    for (auto& slot : g_cleanups) {
        if (const InterruptCleanup* c = slot.load()) {
            c->remove_now();
        }
    }
    ::signal(sig, SIG_DFL);
    ::raise(sig);
}
}  // namespace

void register_interrupt_cleanup(const InterruptCleanup* cleanup) noexcept {
    for (auto& slot : g_cleanups) {
        const InterruptCleanup* empty = nullptr;
        if (slot.compare_exchange_strong(empty, cleanup)) {
            return;
        }
    }
}

void unregister_interrupt_cleanup(const InterruptCleanup* cleanup) noexcept {
    for (auto& slot : g_cleanups) {
        const InterruptCleanup* expected = cleanup;
        if (slot.compare_exchange_strong(expected, nullptr)) {
            return;
        }
    }
}

void install_interrupt_cleanup_handlers() {
    struct sigaction sa {};
    sa.sa_handler = run_cleanups_and_die;
    ::sigemptyset(&sa.sa_mask);
    for (const int sig : {SIGINT, SIGTERM}) {
        struct sigaction old {};
        // A signal ignored by whoever started us (nohup, a shell's background job) stays ignored.
        if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler != SIG_IGN) {
            ::sigaction(sig, &sa, nullptr);
        }
    }
}

TemporaryWrite::TemporaryWrite() noexcept {
    ++g_writes_in_flight;
    m_allowed = !g_stopping.load();
}

TemporaryWrite::~TemporaryWrite() {
    --g_writes_in_flight;
}

InterruptCleanupFile::InterruptCleanupFile(const std::filesystem::path& path) : m_path(path.string()) {
    register_interrupt_cleanup(this);
}

InterruptCleanupFile::~InterruptCleanupFile() {
    unregister_interrupt_cleanup(this);
}

void InterruptCleanupFile::remove_now() const noexcept {
    ::unlink(m_path.c_str());
}

bool process_alive(long pid) noexcept {
    if (pid <= 0) {
        return false;
    }
    return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

}  // namespace certctl::core
