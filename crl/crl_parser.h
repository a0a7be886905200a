// crl/crl_parser.h — one pass over a DER CRL: structure, extensions and revoked entries as fixed records.
#pragma once
#include "crl/der_reader.h"

#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace certctl::crl {

inline constexpr std::size_t k_serial_bytes = 20;  // RFC 5280 4.1.2.2: serials are at most 20 octets

// One revoked certificate, 28 bytes, exactly as the master index stores it (little-endian, see docs/crl.md).
// The serial is the INTEGER's magnitude (sign byte dropped) right-aligned in 20 bytes, so memcmp orders
// serials numerically.
struct Entry {
    std::uint8_t serial[k_serial_bytes];
    std::uint32_t revoked_at;  // Unix seconds (revocationDate)
    std::uint16_t source;      // index into the master list's source table; 0 in a single CRL
    std::uint8_t reason;       // RFC 5280 5.3.1 CRLReason; 0 (unspecified) when absent
    std::uint8_t serial_len;   // significant bytes of `serial`
};
static_assert(sizeof(Entry) == 28, "Entry is an on-disk record");

// Serial order, then source: the order of the master index.
inline bool entry_less(const Entry& a, const Entry& b);

struct ParsedCrl {
    ByteSpan tbs;             // the whole TBSCertList TLV: what the signature covers
    ByteSpan tbs_sig_alg;     // AlgorithmIdentifier TLV inside the TBS
    ByteSpan sig_alg;         // AlgorithmIdentifier TLV outside (must equal tbs_sig_alg)
    ByteSpan signature;       // BIT STRING contents without the unused-bits octet
    ByteSpan issuer;          // issuer Name TLV
    std::int64_t this_update = 0;
    std::optional<std::int64_t> next_update;
    std::optional<std::vector<std::uint8_t>> crl_number;  // magnitude bytes, big-endian
    std::optional<std::vector<std::uint8_t>> aki;         // authorityKeyIdentifier keyIdentifier
    bool delta = false;                                   // deltaCRLIndicator present
    ByteSpan revoked;                                     // revokedCertificates contents (may be empty)
    std::vector<Entry> entries;                           // in CRL order (not sorted); filled by walk_entries
};

// Parses `der` without copying it; `ParsedCrl` spans point into it. `on_progress(p)` (optional) is called
// every few MB of entries with the position reached, so a caller may release mapped pages behind it.
// Throws core::Error(bad_input) with the reason when the CRL is malformed, uses an unknown critical
// extension, is indirect, or carries a serial longer than 20 octets.
ParsedCrl parse_crl(ByteSpan der, const std::function<void(const std::uint8_t*)>& on_progress = {});

// The same in two steps, so the signature can be checked on one core while the entries are walked on
// the other: parse_crl_header skips revokedCertificates by its length (cheap), walk_entries fills
// `entries` from `revoked`. Both throw like parse_crl.
ParsedCrl parse_crl_header(ByteSpan der);
void walk_entries(ParsedCrl& crl, const std::function<void(const std::uint8_t*)>& on_progress = {});

// True when `data` starts like a PEM CRL; decode_pem_crl returns its DER (throws bad_input).
bool looks_like_pem(ByteSpan data);
std::vector<std::uint8_t> decode_pem_crl(ByteSpan data);

// Hex (lower case, no leading zero bytes, "00" for zero) of an entry's serial; and the reverse, accepting
// "0a:1b", "0A1B", "0x0a1b". parse_serial throws core::Error(usage) on bad hex or more than 20 octets.
std::string serial_hex(const Entry& e);
void parse_serial(const std::string& text, Entry& out);
std::string hex(const std::vector<std::uint8_t>& bytes);

// RFC 5280 reason names ("keyCompromise"); "unspecified" for 0 and unknown codes.
const char* reason_name(std::uint8_t code);

namespace detail {
// A big-endian word (4 or 8 bytes): one load, byte-swapped on little-endian hosts.
template <class Word>
inline Word load_be(const std::uint8_t* p) {
    static_assert(sizeof(Word) == 4 || sizeof(Word) == 8, "a 32- or 64-bit word");
    Word v;
    std::memcpy(&v, p, sizeof v);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if constexpr (sizeof(Word) == 8) {
        v = __builtin_bswap64(v);
    } else {
        v = __builtin_bswap32(v);
    }
#endif
    return v;
}
}  // namespace detail

// The serial as three big-endian words (8 + 8 + 4 bytes): the merges call this once per entry, and a byte
// loop there cost more than the merge itself.
inline bool entry_less(const Entry& a, const Entry& b) {
    using detail::load_be;
    for (const std::size_t at : {0, 8}) {
        const auto x = load_be<std::uint64_t>(a.serial + at), y = load_be<std::uint64_t>(b.serial + at);
        if (x != y) {
            return x < y;
        }
    }
    const auto x = load_be<std::uint32_t>(a.serial + 16), y = load_be<std::uint32_t>(b.serial + 16);
    if (x != y) {
        return x < y;
    }
    return a.source < b.source;
}

// Sorts entries into master order (serial, then source): an in-place radix pass on the first two serial
// bytes, then insertion sort of the small buckets (random serials make ~15-entry buckets at 1M).
void sort_entries(std::vector<Entry>& entries);
// The same on two cores: sorts [0, split) and [split, size) separately and returns split (size when the
// list is small). Consumers merge the two runs as they read (no second copy of a 1M-entry table).
std::size_t sort_entries_in_two_runs(std::vector<Entry>& entries);

}  // namespace certctl::crl
