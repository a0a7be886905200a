// tests/unit/test_helpers.h — small helpers more than one unit test needs: the error code a call throws, a
// file written into a case's directory, and the same work in several processes at once.
#pragma once
#include "lib/core/error.h"

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

namespace certctl::test {

// The code of the core::Error `f` throws; Errc::internal when it throws none (no refusal these tests expect is
// an internal error, so "== internal" reads as "accepted").
inline core::Errc code_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const core::Error& e) {
        return e.code();
    }
    return core::Errc::internal;
}

// Writes `data` to dir/name, byte for byte, and returns the path.
inline std::string write(const std::filesystem::path& dir, const std::string& name, const std::string& data) {
    const auto p = dir / name;
    std::ofstream(p, std::ios::binary) << data;
    return p.string();
}

// Runs `body` in `n` forked processes at once (real processes, as concurrent certctl runs are) and returns how
// many of them exited 0; a body that throws makes its process exit 1.
inline int run_in_children(int n, const std::function<void()>& body) {
    std::vector<pid_t> pids;
    for (int i = 0; i < n; ++i) {
        const pid_t pid = ::fork();
        if (pid == 0) {
            int code = 0;
            try {
                body();
            } catch (...) {
                code = 1;
            }
            ::_exit(code);
        }
        pids.push_back(pid);
    }
    int succeeded = 0;
    for (const pid_t pid : pids) {
        int status = 0;
        succeeded += pid > 0 && ::waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }
    return succeeded;
}

}  // namespace certctl::test
