// tests/fuzz/fuzz_time.cpp — durations, sizes and times as operators and files write them: parse_duration,
// parse_size, RFC 3339 / YYYY-MM-DD, the exchange timestamp, and ASN.1 UTCTime/GeneralizedTime (CRLs). The
// first byte picks the ASN.1 tag; the rest is the text.
#include "lib/core/duration.h"
#include "lib/core/rfc3339.h"
#include "lib/exchange/exchange_format.h"
#include "tests/fuzz/fuzz_target.h"

using namespace certctl;

CERTCTL_FUZZ_TARGET(time) {
    if (size == 0) {
        return;
    }
    const std::uint8_t tag = data[0];
    const std::string text = fuzz::as_string(data + 1, size - 1);
    std::int64_t unix_seconds = 0;
    if (core::parse_asn1_time(tag, data + 1, size - 1, unix_seconds)) {
        (void)core::format_rfc3339(core::from_unix(unix_seconds));
        (void)core::civil_time(unix_seconds);
    }
    if (const auto at = exchange::parse_exchange_time(text)) {
        (void)exchange::format_exchange_time(*at);
    }
    fuzz::fuzz_guard([&] {
        const core::Seconds d = core::parse_duration(text);
        (void)core::format_duration(d);
        (void)core::whole_days(d);
    });
    fuzz::fuzz_guard([&] { (void)core::parse_size(text); });
    const core::TimePoint at = core::parse_time(text);
    (void)core::format_rfc3339(at);
    (void)core::to_unix(at);
}
