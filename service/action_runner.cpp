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

namespace {
// The child's two pipes; both opened with O_CLOEXEC, so an exec'd command keeps only its stdin/stdout/stderr.
struct ChildPipes {
    int out[2] = {-1, -1};  // the child's stdout and stderr -> us
    int in[2] = {-1, -1};   // us -> the child's stdin
    void close_all() {
        for (const int fd : {out[0], out[1], in[0], in[1]}) {
            if (fd >= 0) {
                ::close(fd);
            }
        }
    }
};

// False, with errno's text in `error`, when either pipe cannot be made; nothing stays open then.
bool open_pipes(ChildPipes& pipes, std::string& error) {
    if (::pipe2(pipes.out, O_CLOEXEC) != 0 || ::pipe2(pipes.in, O_CLOEXEC) != 0) {
        error = std::strerror(errno);
        pipes.close_all();
        return false;
    }
    return true;
}

// In the child after fork(): async-signal-safe calls only, then the shell.
[[noreturn]] void exec_child(const ChildPipes& pipes, const char* const argv[], char* const envp[]) {
    ::setpgid(0, 0);
    ::dup2(pipes.in[0], STDIN_FILENO);
    ::dup2(pipes.out[1], STDOUT_FILENO);
    ::dup2(pipes.out[1], STDERR_FILENO);
    ::signal(SIGPIPE, SIG_DFL);
    sigset_t none;  // watch blocks SIGTERM/SIGHUP for sigtimedwait; the action must not inherit that
    ::sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execve("/bin/sh", const_cast<char* const*>(argv), envp);
    ::_exit(127);
}

// The alarm JSON is small (far below the pipe buffer); a command that ignores stdin must not block us.
void feed_input(int fd, const std::string& input) {
    const auto old_pipe = ::signal(SIGPIPE, SIG_IGN);
    ::fcntl(fd, F_SETFL, O_NONBLOCK);
    if (!input.empty()) {
        [[maybe_unused]] const ssize_t w = ::write(fd, input.data(), input.size());
    }
    ::close(fd);
    ::signal(SIGPIPE, old_pipe);
}

// Reads the child's output (the first k_max_output bytes kept) until every writer has gone. Past the time
// limit the process group gets SIGTERM, and SIGKILL a second later.
void collect_output(int fd, pid_t pid, SteadyClock::time_point start, std::chrono::milliseconds limit,
                    ActionResult& r) {
    bool term_sent = false;
    SteadyClock::time_point term_at{};
    char buf[4096];
    for (;;) {
        long long wait_ms = limit.count() - ms_since(start);
        if (term_sent) {
            wait_ms = 1000 - ms_since(term_at);
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
        pollfd p{fd, POLLIN, 0};
        const int n = ::poll(&p, 1, static_cast<int>(std::min<long long>(wait_ms, 1000)));
        if (n < 0 && errno != EINTR) {
            break;
        }
        if (n > 0) {
            const ssize_t got = ::read(fd, buf, sizeof buf);
            if (got <= 0) {
                break;  // EOF: every writer (the shell and its children) has gone
            }
            if (r.output.size() < k_max_output) {
                r.output.append(buf,
                                std::min<std::size_t>(static_cast<std::size_t>(got), k_max_output - r.output.size()));
            }
        }
    }
}

// The shell may have exited while a child kept the pipe open (or the reverse): wait, bounded; its exit
// status or signal goes into `r`.
void reap(pid_t pid, ActionResult& r) {
    int status = 0;
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
}
}  // namespace

ActionResult run_action(const std::string& command, const std::vector<std::pair<std::string, std::string>>& env,
                        const std::string& input, std::chrono::milliseconds limit) {
    ActionResult r;
    const auto start = SteadyClock::now();
    ChildPipes pipes;
    if (!open_pipes(pipes, r.error)) {
        return r;
    }
    // The environment and argv are built before fork(): the child only calls async-signal-safe functions.
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
        pipes.close_all();
        return r;
    }
    if (pid == 0) {
        exec_child(pipes, argv, envp.data());
    }
    ::setpgid(pid, pid);  // also here: no race with the child's own call
    r.started = true;
    ::close(pipes.in[0]);
    ::close(pipes.out[1]);
    feed_input(pipes.in[1], input);
    collect_output(pipes.out[0], pid, start, limit, r);
    ::close(pipes.out[0]);
    reap(pid, r);
    r.millis = ms_since(start);
    return r;
}

}  // namespace certctl::service
