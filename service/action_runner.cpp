// service/action_runner.cpp — fork, exec, feed stdin, collect output, enforce the time limit.
#include "service/action_runner.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace certctl::service {

namespace {
constexpr std::size_t k_max_output = 64 * 1024;

using SteadyClock = std::chrono::steady_clock;

long long ms_since(SteadyClock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - start).count();
}

// The environment for the child, built before fork() (the child only calls async-signal-safe functions).
std::vector<std::string> child_env(const std::vector<std::pair<std::string, std::string>>& extra) {
    std::vector<std::string> out;
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
        const std::string entry(*e);
        bool replaced = false;
        for (const auto& [k, v] : extra) {
            replaced = replaced || entry.compare(0, k.size() + 1, k + "=") == 0;
        }
        if (!replaced) {
            out.push_back(entry);
        }
    }
    for (const auto& [k, v] : extra) {
        out.push_back(k + "=" + v);
    }
    return out;
}
}  // namespace

std::string ActionResult::describe() const {
    if (!started) {
        return "cannot start: " + error;
    }
    if (timed_out) {
        return "killed after its time limit (" + std::to_string(millis / 1000) + "s)";
    }
    if (signal != 0) {
        return std::string("killed by signal ") + ::strsignal(signal);
    }
    if (exit_status == 127) {
        return "exit 127 (command not found)";
    }
    if (exit_status == 126) {
        return "exit 126 (command not executable)";
    }
    return "exit " + std::to_string(exit_status);
}

ActionResult run_action(const std::string& command, const std::vector<std::pair<std::string, std::string>>& env,
                        const std::string& input, std::chrono::milliseconds limit) {
    ActionResult r;
    const auto start = SteadyClock::now();
    int out_pipe[2];
    int in_pipe[2];
    if (::pipe2(out_pipe, O_CLOEXEC) != 0) {
        r.error = std::strerror(errno);
        return r;
    }
    if (::pipe2(in_pipe, O_CLOEXEC) != 0) {
        r.error = std::strerror(errno);
        ::close(out_pipe[0]);
        ::close(out_pipe[1]);
        return r;
    }
    const std::vector<std::string> env_strings = child_env(env);
    std::vector<char*> envp;
    for (const std::string& s : env_strings) {
        envp.push_back(const_cast<char*>(s.c_str()));
    }
    envp.push_back(nullptr);
    const char* argv[] = {"sh", "-c", command.c_str(), nullptr};
    const pid_t pid = ::fork();
    if (pid < 0) {
        r.error = std::strerror(errno);
        for (const int fd : {out_pipe[0], out_pipe[1], in_pipe[0], in_pipe[1]}) {
            ::close(fd);
        }
        return r;
    }
    if (pid == 0) {
        ::setpgid(0, 0);
        ::dup2(in_pipe[0], STDIN_FILENO);
        ::dup2(out_pipe[1], STDOUT_FILENO);
        ::dup2(out_pipe[1], STDERR_FILENO);
        ::signal(SIGPIPE, SIG_DFL);
        sigset_t none;  // watch blocks SIGTERM/SIGHUP for sigtimedwait; the action must not inherit that
        ::sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        ::execve("/bin/sh", const_cast<char* const*>(argv), envp.data());
        ::_exit(127);
    }
    ::setpgid(pid, pid);  // also here: no race with the child's own call
    r.started = true;
    ::close(in_pipe[0]);
    ::close(out_pipe[1]);
    // The alarm JSON is small (far below the pipe buffer); a command that ignores stdin must not block us.
    const auto old_pipe = ::signal(SIGPIPE, SIG_IGN);
    ::fcntl(in_pipe[1], F_SETFL, O_NONBLOCK);
    if (!input.empty()) {
        [[maybe_unused]] const ssize_t w = ::write(in_pipe[1], input.data(), input.size());
    }
    ::close(in_pipe[1]);
    ::signal(SIGPIPE, old_pipe);

    bool term_sent = false;
    SteadyClock::time_point term_at{};
    char buf[4096];
    for (;;) {
        long long wait_ms = limit.count() - ms_since(start);
        if (term_sent) {
            wait_ms = 1000 - std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - term_at).count();
        }
        if (wait_ms <= 0) {
            if (!term_sent) {
                r.timed_out = true;
                ::kill(-pid, SIGTERM);
                term_sent = true;
                term_at = SteadyClock::now();
                continue;
            }
            ::kill(-pid, SIGKILL);
            break;
        }
        pollfd p{out_pipe[0], POLLIN, 0};
        const int n = ::poll(&p, 1, static_cast<int>(std::min<long long>(wait_ms, 1000)));
        if (n < 0 && errno != EINTR) {
            break;
        }
        if (n > 0) {
            const ssize_t got = ::read(out_pipe[0], buf, sizeof buf);
            if (got <= 0) {
                break;  // EOF: every writer (the shell and its children) has gone
            }
            if (r.output.size() < k_max_output) {
                r.output.append(buf, std::min<std::size_t>(static_cast<std::size_t>(got), k_max_output - r.output.size()));
            }
        }
    }
    ::close(out_pipe[0]);
    int status = 0;
    // The shell may have exited while a child kept the pipe open (or the reverse): wait, bounded.
    for (int i = 0; i < 300; ++i) {
        const pid_t w = ::waitpid(pid, &status, WNOHANG);
        if (w == pid) {
            break;
        }
        if (w < 0 && errno != EINTR) {
            break;
        }
        if (i == 100) {
            ::kill(-pid, SIGKILL);
        }
        ::usleep(10000);
    }
    if (WIFEXITED(status)) {
        r.exit_status = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        r.signal = WTERMSIG(status);
    }
    r.millis = ms_since(start);
    return r;
}

}  // namespace certctl::service
