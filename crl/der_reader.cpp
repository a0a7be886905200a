// crl/der_reader.cpp — bounds-checked tag/length parsing; no allocation, no copies.
#include "crl/der_reader.h"

#include "lib/core/error.h"

#include <cstring>
#include <string>

namespace certctl::crl {

namespace {
[[noreturn]] void broken(const char* what, const std::string& why) {
    throw core::Error(core::Errc::bad_input, "cannot read CRL", what, why,
                      "expected a DER or PEM X.509 CRL (RFC 5280 section 5)");
}
}  // namespace

std::uint8_t DerReader::peek_tag() const { return m_pos < m_end ? *m_pos : 0; }

Tlv DerReader::next(const char* what) {
    const std::uint8_t* start = m_pos;
    const std::size_t left = static_cast<std::size_t>(m_end - m_pos);
    if (left < 2) {
        broken(what, "truncated DER (no room for a tag and a length)");
    }
    Tlv t;
    t.tag = start[0];
    if ((t.tag & 0x1f) == 0x1f) {
        broken(what, "multi-byte DER tags are not used in CRLs");
    }
    std::size_t pos = 1;
    std::size_t len = start[pos++];
    if (len & 0x80) {
        const std::size_t n = len & 0x7f;
        if (n == 0) {
            broken(what, "indefinite length (BER) is not DER");
        }
        if (n > sizeof(std::size_t) || n > 4 || pos + n > left) {
            broken(what, "truncated or oversized DER length");
        }
        len = 0;
        for (std::size_t i = 0; i < n; ++i) {
            len = (len << 8) | start[pos++];
        }
    }
    if (len > left - pos) {
        broken(what, "truncated DER: a length runs past the end of the data");
    }
    t.value = ByteSpan{start + pos, len};
    t.whole = ByteSpan{start, pos + len};
    m_pos = start + pos + len;
    return t;
}

Tlv DerReader::expect(std::uint8_t tag, const char* what) {
    if (!more()) {
        broken(what, "missing (the structure ends early)");
    }
    const Tlv t = next(what);
    if (t.tag != tag) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "unexpected DER tag 0x%02x (expected 0x%02x)", t.tag, tag);
        broken(what, buf);
    }
    return t;
}

namespace der {

namespace {
int digits(const std::uint8_t* p, int n) {
    int v = 0;
    for (int i = 0; i < n; ++i) {
        if (p[i] < '0' || p[i] > '9') {
            return -1;
        }
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

// Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}
}  // namespace

std::int64_t parse_time(const Tlv& t, const char* what) {
    const std::uint8_t* p = t.value.data;
    int year = 0;
    std::size_t rest = 0;
    if (t.tag == k_utc_time && t.value.size == 13) {
        const int yy = digits(p, 2);
        year = yy < 0 ? -1 : (yy >= 50 ? 1900 + yy : 2000 + yy);
        rest = 2;
    } else if (t.tag == k_generalized_time && t.value.size == 15) {
        year = digits(p, 4);
        rest = 4;
    } else {
        broken(what, "not a UTCTime or GeneralizedTime in the DER 'Z' form");
    }
    const int mon = digits(p + rest, 2), day = digits(p + rest + 2, 2), hh = digits(p + rest + 4, 2),
              mm = digits(p + rest + 6, 2), ss = digits(p + rest + 8, 2);
    if (year < 0 || mon < 1 || mon > 12 || day < 1 || day > 31 || hh < 0 || hh > 23 || mm < 0 || mm > 59 ||
        ss < 0 || ss > 60 || p[t.value.size - 1] != 'Z') {
        broken(what, "invalid time value");
    }
    return days_from_civil(year, static_cast<unsigned>(mon), static_cast<unsigned>(day)) * 86400 + hh * 3600 +
           mm * 60 + ss;
}

bool oid_equals(ByteSpan value, const std::uint8_t* oid, std::size_t len) {
    return value.size == len && std::memcmp(value.data, oid, len) == 0;
}

}  // namespace der

}  // namespace certctl::crl
