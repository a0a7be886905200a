// lib/core/progress.cpp — the one installed progress sink (see progress.h).
#include "lib/core/progress.h"

#include <atomic>

namespace certctl::core {

namespace {
std::atomic<ProgressSink> g_sink{nullptr};
}

void set_progress_sink(ProgressSink sink) noexcept { g_sink.store(sink); }

void report_progress(const char* what, std::uint64_t done, std::uint64_t total) noexcept {
    if (const ProgressSink sink = g_sink.load(std::memory_order_relaxed)) {
        sink(what, done, total);
    }
}

}  // namespace certctl::core
