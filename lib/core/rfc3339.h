// lib/core/rfc3339.h — times as the contract writes them: RFC 3339 UTC out, RFC 3339 or YYYY-MM-DD in.
#pragma once
#include "lib/core/clock.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace certctl::core {

// "2025-12-02T12:00:00Z" (seconds resolution, always UTC).
std::string format_rfc3339(TimePoint at);

// Accepts "2025-12-02T12:00:00Z", "2025-12-02T13:00:00+01:00", fractional seconds, and
// "2025-12-02" (midnight UTC). Throws Error(usage) naming `what` otherwise.
TimePoint parse_time(const std::string& text, const std::string& what = "time");

// Seconds since the epoch <-> TimePoint, for code that stores integers.
std::int64_t to_unix(TimePoint at);
TimePoint from_unix(std::int64_t seconds);

// A DER UTCTime (tag 0x17, YYMMDDHHMMSSZ; YY >= 50 is 19YY) or GeneralizedTime (0x18, YYYYMMDDHHMMSSZ) body,
// RFC 5280 4.1.2.5, -> seconds since the epoch; false if malformed. Shared by the zero-copy CRL walk and
// the certificate scanner, which read times straight from mapped bytes.
bool parse_asn1_time(std::uint8_t tag, const std::uint8_t* p, std::size_t n, std::int64_t& out);

}  // namespace certctl::core
