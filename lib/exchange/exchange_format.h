// lib/exchange/exchange_format.h — the value shapes of exchange files: timestamps, UUIDs, key spellings.
#pragma once
#include "lib/core/clock.h"

#include <optional>
#include <string>

namespace certctl::exchange {

// "2017-Jul-20 11:22:16 UTC": %Y-%b-%d %H:%M:%S UTC, English month abbreviation, always UTC, as the exchange files
// carry it.
std::string format_exchange_time(core::TimePoint at);
std::optional<core::TimePoint> parse_exchange_time(const std::string& text);

// 8-4-4-4-12 hex digits, any case; the version nibble is not checked (both vendor examples have version 0).
bool is_uuid(const std::string& text);

// Keys as a YAML parser sees Ruby symbols (":last-sync", ":smart account") reduced to one spelling
// ("last_sync", "smart_account"): leading colon dropped, spaces and hyphens become underscores.
std::string normalise_key(const std::string& raw);

}  // namespace certctl::exchange
