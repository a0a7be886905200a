// lib/core/rfc3339.cpp — RFC 3339 formatting and parsing without locale or TZ dependence.
#include "lib/core/rfc3339.h"

#include "lib/core/error.h"

#include <cctype>
#include <cstdio>
#include <ctime>

namespace certctl::core {

namespace {
// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm): no timegm, no TZ.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// Two ASCII digits (or four) at p as a number, -1 if any is not a digit.
int der_digits(const std::uint8_t* p, int n) {
    int v = 0;
    for (int i = 0; i < n; ++i) {
        if (p[i] < '0' || p[i] > '9') {
            return -1;
        }
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

bool digits(const std::string& s, std::size_t pos, std::size_t n, int& out) {
    if (pos + n > s.size()) {
        return false;
    }
    out = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) {
            return false;
        }
        out = out * 10 + (s[i] - '0');
    }
    return true;
}

int days_in_month(int y, int m) {
    static const int k_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : k_days[m - 1];
}

[[noreturn]] void bad_time(const std::string& text, const std::string& what) {
    throw Error(Errc::usage, "invalid " + what, text, "not an RFC 3339 time or a YYYY-MM-DD date",
                "write it like 2026-01-01 or 2026-01-01T12:00:00Z");
}
}  // namespace

std::int64_t to_unix(TimePoint at) {
    return std::chrono::duration_cast<Seconds>(at.time_since_epoch()).count();
}

TimePoint from_unix(std::int64_t seconds) {
    // TimePoint counts nanoseconds in 64 bits (1677-09-21 .. 2262-04-11); converting seconds outside that
    // range overflowed (undefined behaviour, found by fuzzing "2826-11-30"). The far future and past
    // saturate instead, so a year 9999 (RFC 5280's "no expiry", or typed by hand) reads as the far future.
    constexpr std::int64_t k_max = std::chrono::duration_cast<Seconds>(TimePoint::duration::max()).count();
    constexpr std::int64_t k_min = std::chrono::duration_cast<Seconds>(TimePoint::duration::min()).count();
    if (seconds >= k_max) {
        return TimePoint::max();
    }
    if (seconds <= k_min) {
        return TimePoint::min();
    }
    return TimePoint(std::chrono::duration_cast<TimePoint::duration>(Seconds(seconds)));
}

std::string format_rfc3339(TimePoint at) {
    const CivilTime c = civil_time(to_unix(at));
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02u:%02u:%02uZ", static_cast<long long>(c.year), c.month, c.day,
                  c.hour, c.minute, c.second);
    return buf;
}

TimePoint parse_time(const std::string& text, const std::string& what) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (!digits(text, 0, 4, y) || text.size() < 10 || text[4] != '-' || !digits(text, 5, 2, mo) || text[7] != '-' ||
        !digits(text, 8, 2, d) || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) {
        bad_time(text, what);
    }
    std::int64_t offset = 0;
    if (text.size() > 10) {
        if ((text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !digits(text, 11, 2, h) || text.size() < 19 ||
            text[13] != ':' || !digits(text, 14, 2, mi) || text[16] != ':' || !digits(text, 17, 2, s) || h > 23 ||
            mi > 59 || s > 60) {
            bad_time(text, what);
        }
        std::size_t pos = 19;
        if (pos < text.size() && text[pos] == '.') {
            ++pos;
            const std::size_t start = pos;
            while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
                ++pos;
            }
            if (pos == start) {
                bad_time(text, what);
            }
        }
        if (pos == text.size()) {
            bad_time(text, what);  // RFC 3339 requires a zone
        }
        const char zone = text[pos];
        if ((zone == 'Z' || zone == 'z') && pos + 1 == text.size()) {
            offset = 0;
        } else if ((zone == '+' || zone == '-') && pos + 6 == text.size() && text[pos + 3] == ':') {
            int oh = 0, om = 0;
            if (!digits(text, pos + 1, 2, oh) || !digits(text, pos + 4, 2, om) || oh > 23 || om > 59) {
                bad_time(text, what);
            }
            offset = (zone == '+' ? 1 : -1) * (oh * 3600 + om * 60);
        } else {
            bad_time(text, what);
        }
    }
    const std::int64_t t = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 +
                           h * 3600 + mi * 60 + (s == 60 ? 59 : s) - offset;
    return from_unix(t);
}

bool parse_asn1_time(std::uint8_t tag, const std::uint8_t* p, std::size_t n, std::int64_t& out) {
    int year = 0;
    const std::uint8_t* rest = nullptr;
    if (tag == 0x17 && n == 13 && p[12] == 'Z') {  // UTCTime YYMMDDHHMMSSZ; RFC 5280: YY >= 50 is 19YY
        year = der_digits(p, 2);
        if (year < 0) {
            return false;
        }
        year += year >= 50 ? 1900 : 2000;
        rest = p + 2;
    } else if (tag == 0x18 && n == 15 && p[14] == 'Z') {  // GeneralizedTime YYYYMMDDHHMMSSZ
        year = der_digits(p, 4);
        rest = p + 4;
    } else {
        return false;
    }
    const int mon = der_digits(rest, 2);
    const int day = der_digits(rest + 2, 2);
    const int hh = der_digits(rest + 4, 2);
    const int mm = der_digits(rest + 6, 2);
    const int ss = der_digits(rest + 8, 2);
    if (year < 0 || mon < 1 || mon > 12 || day < 1 || day > 31 || hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 ||
        ss > 60) {
        return false;
    }
    out = days_from_civil(year, static_cast<unsigned>(mon), static_cast<unsigned>(day)) * 86400 + hh * 3600 + mm * 60 +
          ss;
    return true;
}

}  // namespace certctl::core
