// cli/cmd_watch.cpp — certctl watch: the long-running service around service::WatchService, with signals,
// sleeping and systemd notification (the parts a unit test cannot step through).
#include "cli/commands.h"
#include "cli/locked_pool.h"
#include "lib/core/file_lock.h"
#include "lib/core/printable.h"
#include "lib/core/rfc3339.h"
#include "service/systemd_notify.h"
#include "service/watch_service.h"

#include <csignal>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <optional>
#include <random>

namespace certctl::cli {

namespace {
// The same resolution as Context::config(), but fresh on every call: SIGHUP must see an edited file.
core::Config load_config(const Context& ctx) {
    if (!ctx.opts.config.empty()) {
        return core::Config::load(ctx.opts.config, true);
    }
    if (const char* env = std::getenv("CERTCTL_CONFIG"); env != nullptr && *env != '\0') {
        return core::Config::load(env, true);
    }
    return core::Config::load(ctx.paths().config_file(), false);
}

void log_line(const std::string& line) {
    std::cerr << "certctl watch: " << core::printable(line, true) << std::endl;
}

bool stop_pending() {
    sigset_t pending;
    ::sigpending(&pending);
    return ::sigismember(&pending, SIGTERM) == 1 || ::sigismember(&pending, SIGINT) == 1;
}

// SIGHUP, SIGTERM and SIGINT are blocked and taken with sigtimedwait, only between steps.
sigset_t block_watch_signals() {
    sigset_t signals;
    ::sigemptyset(&signals);
    for (const int s : {SIGHUP, SIGTERM, SIGINT}) {
        ::sigaddset(&signals, s);
    }
    ::sigprocmask(SIG_BLOCK, &signals, nullptr);
    return signals;
}

// One watch per store: two would fetch every CRL twice and race on alarms and policy actions.
void lock_watch(Context& ctx, std::optional<core::FileLock>& lock) {
    ctx.store(storage::Store::Access::write);  // creates a missing store, so the lock has a directory
    try {
        lock.emplace(ctx.paths().root() / "watch.lock", std::chrono::milliseconds(0));
    } catch (const core::Error& e) {
        if (e.code() != core::Errc::locked) {
            throw;
        }
        throw core::Error(core::Errc::locked, "cannot start watch", ctx.paths().root().string(),
                          "another certctl watch is running on this store",
                          "stop it first (systemctl stop certctl-watch), or use another --store");
    }
}

// How long to sleep before the next step: until it is due, but at most half the systemd watchdog period (a
// minute without one).
timespec sleep_until(const Context& ctx, core::TimePoint next, std::optional<core::Seconds> watchdog) {
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next - ctx.clock.now());
    const std::chrono::milliseconds cap =
        watchdog ? std::chrono::milliseconds(watchdog->count() * 500) : std::chrono::milliseconds(60000);
    wait = std::max(std::chrono::milliseconds(0), std::min(wait, cap));
    return timespec{static_cast<std::time_t>(wait.count() / 1000), static_cast<long>((wait.count() % 1000) * 1000000)};
}

// Steps until SIGTERM or SIGINT; SIGHUP reloads the configuration.
void watch_loop(Context& ctx, service::WatchService& service, const sigset_t& signals) {
    log_line("watching " + ctx.paths().root().string());
    bool ready = false;
    const auto watchdog = service::watchdog_period();
    for (;;) {
        const core::TimePoint next = service.step(stop_pending);
        if (!ready) {
            service::notify_ready("watching " + ctx.paths().root().string());
            ready = true;
        }
        if (stop_pending()) {  // arrived during the step: take it now, so it is logged like any other
            timespec zero{0, 0};
            const int sig = ::sigtimedwait(&signals, nullptr, &zero);
            log_line(std::string("stopping on ") + (sig == SIGINT ? "SIGINT" : "SIGTERM"));
            return;
        }
        service::notify_watchdog();
        const timespec ts = sleep_until(ctx, next, watchdog);
        const int sig = ::sigtimedwait(&signals, nullptr, &ts);
        if (sig == SIGHUP) {
            service::notify_status("reloading");
            service.reload();
        } else if (sig == SIGTERM || sig == SIGINT) {
            log_line(std::string("stopping on ") + (sig == SIGTERM ? "SIGTERM" : "SIGINT"));
            return;
        }
    }
}

void watch_command(Context& ctx, bool once) {
    skip_locked_pool();  // a pass signs (batch renewal) and judges certificates (evaluation) on several threads
    const sigset_t signals = block_watch_signals();
    std::optional<core::FileLock> lock;
    lock_watch(ctx, lock);
    service::WatchService service(
        [&ctx] { return storage::Store::open(ctx.paths(), storage::Store::Access::write, load_config(ctx)); },
        ctx.clock, std::random_device{}(), log_line);
    if (once) {
        service.step();
        return;
    }
    watch_loop(ctx, service, signals);
    service::notify_stopping();
    log_line("stopped after " + std::to_string(service.evaluations()) + " evaluations");
}
}  // namespace

void register_watch_commands(CLI::App& app, Context& ctx) {
    auto once = std::make_shared<bool>(false);
    CLI::App* cmd =
        app.add_subcommand("watch", "The service: CRL refresh, re-evaluation, alarms and policies on schedule");
    cmd->add_flag("--once", *once, "one pass (refresh what is due, evaluate everything), then exit: for a timer");
    set_help(cmd,
             "  0 stopped cleanly (SIGTERM/SIGINT) or --once done   65 bad configuration   66 no such config file\n"
             "  73 store not writable   75 another watch runs on this store (watch.lock), or the store is locked\n"
             "  77 permission denied\n"
             "SIGNALS\n"
             "  SIGHUP reloads the configuration and runs every job now; SIGTERM/SIGINT stop between steps.\n"
             "  Under systemd (Type=notify) it reports READY, STOPPING and WATCHDOG; logs go to stderr.\n"
             "RENEWAL\n"
             "  Each pass renews every certificate of a local CA in its renewal window, as one batch per CA.\n"
             "  A failed renewal (alarm kind renewal) is retried after renewal.retry_initial, the wait doubling\n"
             "  up to renewal.retry_max; a failed deploy or hook likewise (hooks.retry_initial, hooks.retry_max).\n"
             "  `certctl cert list` shows each certificate's state (due, renewed at, next try).\n",
             {{"One pass, as a systemd timer or cron job would run it:", "certctl watch --once"}});
    on_run(cmd, ctx, [&ctx, once] { watch_command(ctx, *once); });
}

}  // namespace certctl::cli
