// lib/core/duration.h — durations as operators write them: 90s, 15m, 24h, 30d, 1y.
#pragma once
#include "lib/core/clock.h"

#include <cstdint>
#include <string>

namespace certctl::core {

// Parses "<n><unit>" with unit s, m, h, d, w or y (365 days); a bare number is seconds.
// Throws Error(usage) naming `what` (the flag or config key) on anything else.
Seconds parse_duration(const std::string& text, const std::string& what = "duration");

// Every duration certctl prints goes through here: the largest exact unit of d, h, m and s, so 86400s -> "1d",
// 60s -> "1m", 90s -> "90s", 0 -> "0s". Weeks and years are read but never printed: 7d stays "7d", not "1w".
std::string format_duration(Seconds value);

// Whole days left, rounded down: 10.5 days -> 10, one second past -> -1, 10.5 days past -> -11. Every DAYS
// column and every "expired N days ago" uses this one rule, so they agree.
std::int64_t whole_days(Seconds value);

// Sizes as written in config: 256MiB, 10MB, 4096 (bytes). Throws Error(usage).
std::uint64_t parse_size(const std::string& text, const std::string& what = "size");

}  // namespace certctl::core
