// lib/core/duration.h — durations as operators write them: 90s, 15m, 24h, 30d, 1y.
#pragma once
#include "lib/core/clock.h"

#include <cstdint>
#include <string>

namespace certctl::core {

// Parses "<n><unit>" with unit s, m, h, d, w or y (365 days); a bare number is seconds.
// Throws Error(usage) naming `what` (the flag or config key) on anything else.
Seconds parse_duration(const std::string& text, const std::string& what = "duration");

// The largest exact unit: 86400s -> "1d", 90s -> "90s", 0 -> "0s".
std::string format_duration(Seconds value);

// Sizes as written in config: 256MiB, 10MB, 4096 (bytes). Throws Error(usage).
std::uint64_t parse_size(const std::string& text, const std::string& what = "size");

}  // namespace certctl::core
