// crl/der_reader.cpp — bounds-checked tag/length parsing; no allocation, no copies.
#include "crl/der_reader.h"

#include "lib/core/error.h"
#include "lib/core/rfc3339.h"

#include <cstring>
#include <string>

namespace certctl::crl {

namespace {
[[noreturn]] void broken(const char* what, const std::string& why) {
    throw core::Error(core::Errc::bad_input, "cannot read CRL", what, why,
                      "expected a DER or PEM X.509 CRL (RFC 5280 section 5)");
}
}  // namespace

void DerReader::refuse_fault(core::DerFault fault, const char* what) {
    switch (fault) {
    case core::DerFault::truncated:
        broken(what, "truncated DER (no room for a tag and a length)");
    case core::DerFault::multi_byte_tag:
        broken(what, "multi-byte DER tags are not used in CRLs");
    case core::DerFault::indefinite_length:
        broken(what, "indefinite length (BER) is not DER");
    case core::DerFault::long_length:
        broken(what, "truncated or oversized DER length");
    case core::DerFault::length_past_end:
    case core::DerFault::none:
        break;
    }
    broken(what, "truncated DER: a length runs past the end of the data");
}

Tlv DerReader::expect_failed(std::uint8_t tag, const char* what) {
    if (!more()) {
        broken(what, "missing (the structure ends early)");
    }
    const Tlv t = next(what);  // a broken encoding is reported as such before the wrong tag
    char buf[64];
    std::snprintf(buf, sizeof buf, "unexpected DER tag 0x%02x (expected 0x%02x)", t.tag, tag);
    broken(what, buf);
}

namespace der {

std::int64_t parse_time(const Tlv& t, const char* what) {
    const bool der_form =
        (t.tag == k_utc_time && t.value.size == 13) || (t.tag == k_generalized_time && t.value.size == 15);
    if (!der_form) {
        broken(what, "not a UTCTime or GeneralizedTime in the DER 'Z' form");
    }
    std::int64_t seconds = 0;
    if (!core::parse_asn1_time(t.tag, t.value.data, t.value.size, seconds)) {
        broken(what, "invalid time value");
    }
    return seconds;
}

bool oid_equals(ByteSpan value, const std::uint8_t* oid, std::size_t len) {
    return value.size == len && std::memcmp(value.data, oid, len) == 0;
}

}  // namespace der

}  // namespace certctl::crl
