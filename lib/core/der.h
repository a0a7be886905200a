// lib/core/der.h — zero-copy DER tag/length reading over bytes we do not own (a mapped CRL, a file of
// certificates). The one TLV reader behind crl::DerReader (which throws) and the certificate scanner of
// `certctl check` (which skips what it cannot read). Header-only: both walk millions of TLVs.
#pragma once
#include <cstddef>
#include <cstdint>

namespace certctl::core {

struct ByteSpan {
    const std::uint8_t* data = nullptr;
    std::size_t size = 0;
    bool empty() const { return size == 0; }
    const std::uint8_t* end() const { return data + size; }
};

// One TLV: `whole` covers tag, length and value; `value` only the contents.
struct Tlv {
    std::uint8_t tag = 0;
    ByteSpan whole;
    ByteSpan value;
};

// Why read_tlv refused.
enum class DerFault { none, truncated, multi_byte_tag, indefinite_length, long_length, length_past_end };

// Reads one definite-length TLV at p (single-byte tag, length in at most 4 octets, all of it before `end`)
// and moves p past it. Returns DerFault::none, or why not (p is then unchanged). X.509 and CRLs are DER:
// indefinite lengths and multi-byte tags do not occur.
inline DerFault read_tlv(const std::uint8_t*& p, const std::uint8_t* end, Tlv& out) {
    const std::size_t left = static_cast<std::size_t>(end - p);
    if (left < 2) {
        return DerFault::truncated;
    }
    if ((p[0] & 0x1f) == 0x1f) {
        return DerFault::multi_byte_tag;
    }
    std::size_t pos = 2;
    std::size_t len = p[1];
    if (len & 0x80) {
        const std::size_t n = len & 0x7f;
        if (n == 0) {
            return DerFault::indefinite_length;
        }
        if (n > 4 || pos + n > left) {
            return DerFault::long_length;
        }
        len = 0;
        for (std::size_t i = 0; i < n; ++i) {
            len = (len << 8) | p[pos++];
        }
    }
    if (len > left - pos) {
        return DerFault::length_past_end;
    }
    out.tag = p[0];
    out.value = ByteSpan{p + pos, len};
    out.whole = ByteSpan{p, pos + len};
    p += pos + len;
    return DerFault::none;
}

// The same for callers that only need to know whether it worked.
inline bool next_tlv(const std::uint8_t*& p, const std::uint8_t* end, Tlv& out) {
    return read_tlv(p, end, out) == DerFault::none;
}

}  // namespace certctl::core
