// lib/exchange/exchange_format.cpp — exchange timestamps without locales, UUID syntax, key spellings.
#include "lib/exchange/exchange_format.h"

#include "lib/core/rfc3339.h"

#include <array>
#include <cctype>
#include <cstdio>
#include <ctime>

namespace certctl::exchange {

namespace {
// strftime's %b follows the locale; the files always use these.
constexpr std::array<const char*, 12> k_months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
}  // namespace

std::string format_exchange_time(core::TimePoint at) {
    const std::time_t t = static_cast<std::time_t>(core::to_unix(at));
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%s-%02d %02d:%02d:%02d UTC", tm.tm_year + 1900,
                  k_months[static_cast<std::size_t>(tm.tm_mon)], tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

std::optional<core::TimePoint> parse_exchange_time(const std::string& text) {
    int year = 0;
    int day = 0;
    int hour = 0;
    int minute = 0;
    int second = 0;
    char month[4] = {0};
    char tail[8] = {0};
    int consumed = 0;
    if (std::sscanf(text.c_str(), "%4d-%3c-%2d %2d:%2d:%2d %7s%n", &year, month, &day, &hour, &minute, &second, tail,
                    &consumed) != 7 ||
        static_cast<std::size_t>(consumed) != text.size() || std::string(tail) != "UTC") {
        return std::nullopt;
    }
    int mon = -1;
    for (std::size_t i = 0; i < k_months.size(); ++i) {
        if (std::string(month) == k_months[i]) {
            mon = static_cast<int>(i);
        }
    }
    if (mon < 0 || year < 1970 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
        return std::nullopt;
    }
    std::tm tm{};
    tm.tm_year = year - 1900;
    tm.tm_mon = mon;
    tm.tm_mday = day;
    tm.tm_hour = hour;
    tm.tm_min = minute;
    tm.tm_sec = second;
    const std::time_t t = ::timegm(&tm);
    if (tm.tm_mday != day) {  // timegm normalised an impossible date such as Feb-31
        return std::nullopt;
    }
    return core::from_unix(static_cast<std::int64_t>(t));
}

bool is_uuid(const std::string& text) {
    if (text.size() != 36) {
        return false;
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? text[i] != '-' : !std::isxdigit(static_cast<unsigned char>(text[i]))) {
            return false;
        }
    }
    return true;
}

std::string normalise_key(const std::string& raw) {
    std::string out = !raw.empty() && raw[0] == ':' ? raw.substr(1) : raw;
    for (char& c : out) {
        if (c == ' ' || c == '-') {
            c = '_';
        }
    }
    return out;
}

}  // namespace certctl::exchange
