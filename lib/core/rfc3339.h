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

// The UTC calendar fields of Unix seconds (H. Hinnant's civil_from_days): no gmtime, no locale, no lock.
// Inline: CRL encoding and the master list format a million times each.
struct CivilTime {
    std::int64_t year;
    unsigned month, day, hour, minute, second;
};
inline CivilTime civil_time(std::int64_t t) {
    std::int64_t days = t / 86400;
    std::int64_t secs = t % 86400;
    if (secs < 0) {
        secs += 86400;
        --days;
    }
    const std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    CivilTime c{};
    c.day = doy - (153 * mp + 2) / 5 + 1;
    c.month = mp < 10 ? mp + 3 : mp - 9;
    c.year = static_cast<std::int64_t>(yoe) + era * 400 + (c.month <= 2 ? 1 : 0);
    c.hour = static_cast<unsigned>(secs / 3600);
    c.minute = static_cast<unsigned>(secs / 60 % 60);
    c.second = static_cast<unsigned>(secs % 60);
    return c;
}

}  // namespace certctl::core
