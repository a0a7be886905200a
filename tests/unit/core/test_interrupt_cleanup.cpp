// tests/unit/core/test_interrupt_cleanup.cpp — SIGINT/SIGTERM remove registered temporaries and still end
// the process by the signal; unregistered files stay; pids tell leftovers from live work.
#include "lib/core/interrupt_cleanup.h"
#include "tests/unit/test_dir.h"

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>
#include <csignal>
#include <fstream>

using namespace certctl;

namespace {
// Runs `body` in a child process and returns its wait status.
template <class F>
int in_child(F body) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        body();
        ::_exit(0);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return status;
}
}  // namespace

TEST_SUITE("core::InterruptCleanup") {
    TEST_CASE("a signal removes registered files, keeps the rest, and the process still dies of it") {
        for (const int sig : {SIGINT, SIGTERM}) {
            CAPTURE(sig);
            const auto dir = test::case_dir("signal");
            const auto temp = dir / "partial.download";
            const auto kept = dir / "done.pem";
            const auto released = dir / "released.tmp";
            const int status = in_child([&] {
                core::install_interrupt_cleanup_handlers();
                std::ofstream(temp) << "half";
                std::ofstream(kept) << "whole";
                std::ofstream(released) << "x";
                const core::InterruptCleanupFile guard(temp);
                { const core::InterruptCleanupFile gone(released); }  // unregistered again
                ::raise(sig);
            });
            CHECK(WIFSIGNALED(status));
            CHECK(WTERMSIG(status) == sig);
            CHECK_FALSE(std::filesystem::exists(temp));
            CHECK(std::filesystem::exists(kept));
            CHECK(std::filesystem::exists(released));
        }
    }
    TEST_CASE("process_alive") {
        CHECK(core::process_alive(::getpid()));
        CHECK_FALSE(core::process_alive(999999999));
        CHECK_FALSE(core::process_alive(0));
    }
}
