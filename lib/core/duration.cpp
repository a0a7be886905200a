// lib/core/duration.cpp — parsing and printing of durations and sizes.
#include "lib/core/duration.h"

#include "lib/core/error.h"

#include <cctype>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

namespace certctl::core {

namespace {
struct Unit {
    const char* suffix;
    std::uint64_t factor;
};
const std::vector<Unit> k_duration_units = {
    {"y", 365ULL * 86400}, {"w", 7ULL * 86400}, {"d", 86400}, {"h", 3600}, {"m", 60}, {"s", 1},
};
const std::vector<Unit> k_printed_duration_units = {{"d", 86400}, {"h", 3600}, {"m", 60}, {"s", 1}};
const std::vector<Unit> k_size_units = {
    {"GiB", 1ULL << 30}, {"MiB", 1ULL << 20}, {"KiB", 1ULL << 10}, {"GB", 1000000000ULL},
    {"MB", 1000000ULL},  {"KB", 1000ULL},     {"kB", 1000ULL},     {"B", 1},
};

// Splits "123abc" into 123 and "abc"; false if there is no leading number or it overflows.
bool split_number(const std::string& text, std::uint64_t& number, std::string& unit) {
    std::size_t i = 0;
    number = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
        const std::uint64_t digit = static_cast<std::uint64_t>(text[i] - '0');
        if (number > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) {
            return false;
        }
        number = number * 10 + digit;
        ++i;
    }
    unit = text.substr(i);
    return i > 0;
}

std::uint64_t parse_with_units(const std::string& text, const std::string& what, const std::vector<Unit>& units,
                               const std::string& examples) {
    std::uint64_t number = 0;
    std::string unit;
    if (split_number(text, number, unit)) {
        if (unit.empty()) {
            return number;
        }
        for (const Unit& u : units) {
            if (unit == u.suffix) {
                if (number > std::numeric_limits<std::uint64_t>::max() / u.factor / 2) {
                    break;
                }
                return number * u.factor;
            }
        }
    }
    throw Error(Errc::usage, "invalid " + what, text, "not a number followed by a known unit",
                "write it like " + examples);
}
}  // namespace

Seconds parse_duration(const std::string& text, const std::string& what) {
    const std::uint64_t s = parse_with_units(text, what, k_duration_units, "90s, 15m, 24h, 30d, 2w or 1y");
    if (s > static_cast<std::uint64_t>(std::numeric_limits<std::int32_t>::max()) * 100) {
        throw Error(Errc::usage, "invalid " + what, text, "too long", "use at most a few hundred years");
    }
    return Seconds(static_cast<Seconds::rep>(s));
}

std::string format_duration(Seconds value) {
    const auto s = value.count();
    if (s == 0) {
        return "0s";
    }
    const bool negative = s < 0;
    const std::uint64_t magnitude = static_cast<std::uint64_t>(negative ? -s : s);
    for (const Unit& u : k_printed_duration_units) {
        if (magnitude % u.factor == 0) {
            return (negative ? "-" : "") + std::to_string(magnitude / u.factor) + u.suffix;
        }
    }
    return std::to_string(s) + "s";
}

std::int64_t whole_days(Seconds value) {
    constexpr std::int64_t day = 86400;
    const std::int64_t v = value.count();
    return v >= 0 ? v / day : -((-v + day - 1) / day);
}

std::uint64_t parse_size(const std::string& text, const std::string& what) {
    return parse_with_units(text, what, k_size_units, "256MiB, 10MB or 4096");
}

}  // namespace certctl::core
