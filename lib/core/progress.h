// lib/core/progress.h — "done of total" from long work (bulk issuance, reading a big CRL, scanning a large
// directory) to whoever shows it. Library code never prints: it reports here, and the CLI installs a sink that
// draws a progress line when stderr is a terminal (never under --json or -q). With no sink installed a report
// costs one atomic load.
#pragma once
#include <cstdint>

namespace certctl::core {

// `what` is a short phrase ("issuing certificates"); the same `what` from start to end of one piece of work.
// Called from any thread, many times a second: the sink throttles and must be thread-safe.
using ProgressSink = void (*)(const char* what, std::uint64_t done, std::uint64_t total);

void set_progress_sink(ProgressSink sink) noexcept;
void report_progress(const char* what, std::uint64_t done, std::uint64_t total) noexcept;

}  // namespace certctl::core
