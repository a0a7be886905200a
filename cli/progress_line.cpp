// cli/progress_line.cpp — one line, redrawn in place at most ten times a second, erased when the work ends.
#include "cli/progress_line.h"

#include "lib/core/progress.h"

#include <chrono>
#include <cstring>
#include <iostream>
#include <mutex>
#include <string>

namespace certctl::cli {

namespace {
using Clock = std::chrono::steady_clock;

// Work that ends within this long never shows a line: a progress line that flashes is noise.
constexpr auto k_quiet_start = std::chrono::milliseconds(300);
constexpr auto k_redraw = std::chrono::milliseconds(100);

struct LineState {
    std::mutex mutex;
    std::string what;
    Clock::time_point started;
    Clock::time_point drawn;
    bool shown = false;
};

LineState& state() {
    static LineState s;
    return s;
}

void draw(const char* what, std::uint64_t done, std::uint64_t total) {
    LineState& s = state();
    const std::lock_guard<std::mutex> lock(s.mutex);
    const Clock::time_point now = Clock::now();
    if (s.what != what) {
        s.what = what;
        s.started = now;
        s.shown = false;
    }
    if (done >= total) {
        if (s.shown) {
            std::cerr << "\r\033[K" << std::flush;  // the line goes: what follows starts on a clean line
        }
        s.what.clear();
        s.shown = false;
        return;
    }
    if (now - s.started < k_quiet_start || (s.shown && now - s.drawn < k_redraw)) {
        return;
    }
    s.drawn = now;
    s.shown = true;
    const std::uint64_t percent = total == 0 ? 0 : done * 100 / total;
    std::cerr << "\rcertctl: " << what << " " << done << "/" << total << " (" << percent << "%)\033[K" << std::flush;
}
}  // namespace

void enable_progress_line(bool show) { core::set_progress_sink(show ? &draw : nullptr); }

}  // namespace certctl::cli
