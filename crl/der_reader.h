// crl/der_reader.h — zero-copy DER walking over a mapped CRL that throws on anything broken (the
// tag/length reading itself is core::read_tlv, shared with the certificate scanner).
#pragma once
#include "lib/core/der.h"

#include <cstddef>
#include <cstdint>

namespace certctl::crl {

using core::ByteSpan;
using core::Tlv;

// Reads consecutive TLVs from [data, data + size). Only DER is accepted (definite lengths, single-byte tags);
// every length is checked against what is left, so a truncated or hostile CRL cannot read past the end.
// Throws core::Error(bad_input) naming `what` when the encoding is broken or the tag is not the one expected.
class DerReader final {
public:
    DerReader(const std::uint8_t* data, std::size_t size) : m_pos(data), m_end(data + size) {}
    explicit DerReader(ByteSpan span) : DerReader(span.data, span.size) {}

    bool more() const { return m_pos < m_end; }
    std::uint8_t peek_tag() const { return m_pos < m_end ? *m_pos : 0; }  // 0 when nothing is left
    // Inline: a 1M-entry CRL is ~5M TLVs, and the walk is the longest step of an import.
    Tlv next(const char* what) {
        Tlv t;
        const core::DerFault fault = core::read_tlv(m_pos, m_end, t);
        if (fault != core::DerFault::none) {
            refuse_fault(fault, what);
        }
        return t;
    }
    Tlv expect(std::uint8_t tag, const char* what) {
        if (m_pos < m_end && m_pos[0] == tag) {
            return next(what);
        }
        return expect_failed(tag, what);
    }

private:
    [[noreturn]] static void refuse_fault(core::DerFault fault, const char* what);
    [[noreturn]] Tlv expect_failed(std::uint8_t tag, const char* what);  // missing or another tag

    const std::uint8_t* m_pos;
    const std::uint8_t* m_end;
};

namespace der {
inline constexpr std::uint8_t k_integer = 0x02;
inline constexpr std::uint8_t k_bit_string = 0x03;
inline constexpr std::uint8_t k_octet_string = 0x04;
inline constexpr std::uint8_t k_oid = 0x06;
inline constexpr std::uint8_t k_enumerated = 0x0a;
inline constexpr std::uint8_t k_boolean = 0x01;
inline constexpr std::uint8_t k_utc_time = 0x17;
inline constexpr std::uint8_t k_generalized_time = 0x18;
inline constexpr std::uint8_t k_sequence = 0x30;
inline constexpr std::uint8_t k_context_0 = 0xa0;
inline constexpr std::uint8_t k_context_prim_0 = 0x80;

// UTCTime (RFC 5280 4.1.2.5.1: YY >= 50 is 19YY) or GeneralizedTime, "Z" form, to Unix seconds.
std::int64_t parse_time(const Tlv& t, const char* what);
// Whether an OBJECT IDENTIFIER's contents are exactly the `len` encoded bytes at `oid`.
bool oid_equals(ByteSpan value, const std::uint8_t* oid, std::size_t len);
}  // namespace der

}  // namespace certctl::crl
