// service/action_runner.h — runs an operator's command (fail-hard action, notify command) with a time limit.
#pragma once
#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace certctl::service {

struct ActionResult {
    bool started = false;
    int exit_status = -1;   // when it exited
    int signal = 0;         // when it was killed (SIGKILL after the time limit)
    bool timed_out = false;
    std::string output;     // stdout and stderr together, at most 64 KiB
    std::string error;      // why it could not start
    long long millis = 0;

    bool succeeded() const { return started && !timed_out && signal == 0 && exit_status == 0; }
    std::string describe() const;  // "exit 0", "exit 127", "killed after 2s time limit", "cannot start: ..."
};

// Runs `/bin/sh -c command` in its own process group with the caller's environment plus `env`, `input`
// on stdin. After `limit`, the whole group gets SIGTERM, then SIGKILL one second later. Never throws.
ActionResult run_action(const std::string& command, const std::vector<std::pair<std::string, std::string>>& env,
                        const std::string& input, std::chrono::milliseconds limit);

}  // namespace certctl::service
