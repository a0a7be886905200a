// crl/crl_parser.cpp — RFC 5280 section 5 CertificateList, walked in place.
#include "crl/crl_parser.h"

#include "lib/ca/parallel.h"
#include "lib/core/error.h"
#include "lib/core/pem_text.h"

#include <algorithm>
#include <botan/base64.h>
#include <botan/hex.h>
#include <cstring>

namespace certctl::crl {

namespace {
[[noreturn]] void refuse(const std::string& why) {
    throw core::Error(core::Errc::bad_input, "cannot read CRL", "", why,
                      "expected a DER or PEM X.509 CRL (RFC 5280 section 5)");
}

const std::uint8_t k_oid_crl_number[] = {0x55, 0x1d, 0x14};
const std::uint8_t k_oid_aki[] = {0x55, 0x1d, 0x23};
const std::uint8_t k_oid_delta[] = {0x55, 0x1d, 0x1b};
const std::uint8_t k_oid_idp[] = {0x55, 0x1d, 0x1c};
const std::uint8_t k_oid_freshest[] = {0x55, 0x1d, 0x2e};
const std::uint8_t k_oid_reason[] = {0x55, 0x1d, 0x15};
const std::uint8_t k_oid_cert_issuer[] = {0x55, 0x1d, 0x1d};

struct Extension {
    ByteSpan oid;
    bool critical = false;
    ByteSpan value;  // extnValue contents
};

Extension read_extension(DerReader& list) {
    const Tlv ext = list.expect(der::k_sequence, "extension");
    DerReader r(ext.value);
    Extension e;
    e.oid = r.expect(der::k_oid, "extension id").value;
    if (r.peek_tag() == der::k_boolean) {
        const Tlv b = r.next("extension critical flag");
        e.critical = b.value.size == 1 && b.value.data[0] != 0;
    }
    e.value = r.expect(der::k_octet_string, "extension value").value;
    return e;
}

std::vector<std::uint8_t> integer_magnitude(ByteSpan v) {
    std::size_t i = 0;
    while (i + 1 < v.size && v.data[i] == 0) {
        ++i;
    }
    return std::vector<std::uint8_t>(v.data + i, v.data + v.size);
}

void read_crl_extensions(const Tlv& wrapper, ParsedCrl& out) {
    DerReader outer(wrapper.value);
    const Tlv seq = outer.expect(der::k_sequence, "crlExtensions");
    DerReader list(seq.value);
    while (list.more()) {
        const Extension e = read_extension(list);
        if (der::oid_equals(e.oid, k_oid_crl_number, sizeof k_oid_crl_number)) {
            DerReader v(e.value);
            const Tlv n = v.expect(der::k_integer, "cRLNumber");
            if (n.value.size == 0 || n.value.size > 21) {
                refuse("cRLNumber is empty or longer than 20 octets");
            }
            out.crl_number = integer_magnitude(n.value);
        } else if (der::oid_equals(e.oid, k_oid_aki, sizeof k_oid_aki)) {
            DerReader v(e.value);
            DerReader aki(v.expect(der::k_sequence, "authorityKeyIdentifier").value);
            if (aki.peek_tag() == der::k_context_prim_0) {
                const Tlv id = aki.next("keyIdentifier");
                out.aki = std::vector<std::uint8_t>(id.value.data, id.value.data + id.value.size);
            }
        } else if (der::oid_equals(e.oid, k_oid_delta, sizeof k_oid_delta)) {
            out.delta = true;
        } else if (der::oid_equals(e.oid, k_oid_idp, sizeof k_oid_idp) ||
                   der::oid_equals(e.oid, k_oid_freshest, sizeof k_oid_freshest)) {
            // Scope and delta pointers: informative for us; we index the CRL as a whole.
        } else if (e.critical) {
            refuse("unknown critical CRL extension (RFC 5280 5.2: must not be used)");
        }
    }
}

// revokedCertificate ::= SEQUENCE { userCertificate INTEGER, revocationDate Time, crlEntryExtensions OPTIONAL }
void read_entry(const Tlv& item, Entry& e) {
    DerReader r(item.value);
    const Tlv serial = r.expect(der::k_integer, "revoked certificate serial");
    const std::uint8_t* p = serial.value.data;
    std::size_t n = serial.value.size;
    if (n == 0) {
        refuse("revoked certificate with an empty serial");
    }
    while (n > 1 && p[0] == 0) {
        ++p;
        --n;
    }
    if (n > k_serial_bytes) {
        refuse("revoked certificate serial longer than 20 octets (RFC 5280 4.1.2.2)");
    }
    std::memset(e.serial, 0, k_serial_bytes - n);
    std::memcpy(e.serial + (k_serial_bytes - n), p, n);
    e.serial_len = static_cast<std::uint8_t>(n);
    const Tlv date = r.next("revocationDate");
    const std::int64_t at = der::parse_time(date, "revocationDate");
    e.revoked_at = static_cast<std::uint32_t>(std::clamp<std::int64_t>(at, 0, 0xffffffffLL));
    e.source = 0;
    e.reason = 0;
    if (!r.more()) {
        return;
    }
    DerReader list(r.expect(der::k_sequence, "crlEntryExtensions").value);
    while (list.more()) {
        const Extension x = read_extension(list);
        if (der::oid_equals(x.oid, k_oid_reason, sizeof k_oid_reason)) {
            DerReader v(x.value);
            const Tlv code = v.expect(der::k_enumerated, "reasonCode");
            if (code.value.size != 1) {
                refuse("reasonCode is not a one-octet ENUMERATED");
            }
            e.reason = code.value.data[0];
        } else if (der::oid_equals(x.oid, k_oid_cert_issuer, sizeof k_oid_cert_issuer)) {
            refuse("indirect CRLs (certificateIssuer entry extension) are not supported");
        } else if (x.critical) {
            refuse("unknown critical CRL entry extension");
        }
    }
}
}  // namespace

ParsedCrl parse_crl_header(ByteSpan der) {
    ParsedCrl out;
    DerReader top(der);
    const Tlv cert_list = top.expect(der::k_sequence, "CertificateList");
    if (top.more()) {
        refuse("trailing data after the CertificateList");
    }
    DerReader cl(cert_list.value);
    const Tlv tbs = cl.expect(der::k_sequence, "tbsCertList");
    out.tbs = tbs.whole;
    out.sig_alg = cl.expect(der::k_sequence, "signatureAlgorithm").whole;
    const Tlv sig = cl.expect(der::k_bit_string, "signatureValue");
    if (sig.value.size < 2 || sig.value.data[0] != 0) {
        refuse("signatureValue is not a whole number of octets");
    }
    out.signature = ByteSpan{sig.value.data + 1, sig.value.size - 1};
    if (cl.more()) {
        refuse("trailing data inside the CertificateList");
    }

    DerReader t(tbs.value);
    if (t.peek_tag() == der::k_integer) {
        const Tlv v = t.next("version");
        if (v.value.size != 1 || v.value.data[0] != 1) {
            refuse("unsupported CRL version (only v2 is defined)");
        }
    }
    out.tbs_sig_alg = t.expect(der::k_sequence, "signature").whole;
    if (out.tbs_sig_alg.size != out.sig_alg.size ||
        std::memcmp(out.tbs_sig_alg.data, out.sig_alg.data, out.sig_alg.size) != 0) {
        refuse("the signature algorithm inside and outside the TBSCertList differ (RFC 5280 5.1.1.2)");
    }
    out.issuer = t.expect(der::k_sequence, "issuer").whole;
    out.this_update = der::parse_time(t.next("thisUpdate"), "thisUpdate");
    if (t.peek_tag() == der::k_utc_time || t.peek_tag() == der::k_generalized_time) {
        out.next_update = der::parse_time(t.next("nextUpdate"), "nextUpdate");
    }
    if (t.peek_tag() == der::k_sequence) {
        out.revoked = t.expect(der::k_sequence, "revokedCertificates").value;
    }
    if (t.peek_tag() == der::k_context_0) {
        read_crl_extensions(t.next("crlExtensions"), out);
    }
    if (t.more()) {
        refuse("unexpected data at the end of the TBSCertList");
    }
    return out;
}

void walk_entries(ParsedCrl& crl, const std::function<void(const std::uint8_t*)>& on_progress) {
    // An entry takes at least ~20 bytes; reserving by that bound costs address space, not memory.
    crl.entries.clear();
    crl.entries.reserve(crl.revoked.size / 20 + 1);
    DerReader list(crl.revoked);
    // Progress is counted as an offset: a pointer 4 MiB ahead of a smaller list (or of the null data of a CRL
    // without entries) would point outside it, which is undefined behaviour even if never dereferenced.
    constexpr std::size_t k_report_every = 4u << 20;
    std::size_t next_report = k_report_every;
    while (list.more()) {
        const Tlv item = list.expect(der::k_sequence, "revoked certificate");
        crl.entries.emplace_back();
        read_entry(item, crl.entries.back());
        const auto at = static_cast<std::size_t>(item.whole.data - crl.revoked.data);
        if (on_progress && at >= next_report) {
            on_progress(item.whole.data);
            next_report = at + k_report_every;
        }
    }
}

ParsedCrl parse_crl(ByteSpan der, const std::function<void(const std::uint8_t*)>& on_progress) {
    ParsedCrl out = parse_crl_header(der);
    walk_entries(out, on_progress);
    return out;
}

bool looks_like_pem(ByteSpan data) {
    const auto* begin = reinterpret_cast<const char*>(data.data);
    return core::has_pem_marker(std::string_view(begin, std::min<std::size_t>(data.size, 4096)));
}

std::vector<std::uint8_t> decode_pem_crl(ByteSpan data) {
    const std::string_view text(reinterpret_cast<const char*>(data.data), data.size);
    // The first "X509 CRL" block (RFC 7468), else the first "CRL" block (older tools); other blocks are passed.
    std::optional<core::PemBlockView> crl;
    std::size_t pos = 0;
    for (core::PemBlockView view;;) {
        const core::PemStep step = core::next_pem_block(text, pos, view);
        if (step == core::PemStep::done || step == core::PemStep::open_begin) {
            break;
        }
        const bool x509_crl = view.label == "X509 CRL";
        if (step == core::PemStep::no_end) {
            if (x509_crl || view.label == "CRL") {
                refuse("PEM block without its END line (truncated)");
            }
            break;
        }
        if (x509_crl || (view.label == "CRL" && !crl)) {
            crl = view;
        }
        if (x509_crl) {
            break;
        }
    }
    if (!crl) {
        refuse("PEM without a 'BEGIN X509 CRL' block");
    }
    try {
        const auto decoded = Botan::base64_decode(crl->body.data(), crl->body.size(), true);
        return std::vector<std::uint8_t>(decoded.begin(), decoded.end());
    } catch (const std::exception& e) {
        refuse(std::string("PEM body is not base64: ") + e.what());
    }
}

std::string serial_hex(const Entry& e) {
    const std::size_t len = std::max<std::size_t>(e.serial_len, 1);
    return Botan::hex_encode(e.serial + (k_serial_bytes - len), len, false);
}

std::string hex(const std::vector<std::uint8_t>& bytes) { return Botan::hex_encode(bytes, false); }

void parse_serial(const std::string& text, Entry& out) {
    std::string digits;
    std::size_t start = (text.rfind("0x", 0) == 0 || text.rfind("0X", 0) == 0) ? 2 : 0;
    for (std::size_t i = start; i < text.size(); ++i) {
        const char c = text[i];
        if (c == ':' || c == ' ') {
            continue;
        }
        if (!std::isxdigit(static_cast<unsigned char>(c))) {
            throw core::Error(core::Errc::usage, "invalid serial", text, "not hexadecimal",
                              "write the serial in hex, e.g. 0a1b2c or 0a:1b:2c");
        }
        digits.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    if (digits.empty()) {
        throw core::Error(core::Errc::usage, "invalid serial", text, "empty", "write the serial in hex, e.g. 0a1b2c");
    }
    if (digits.size() % 2) {
        digits.insert(digits.begin(), '0');
    }
    std::vector<std::uint8_t> bytes;
    for (std::size_t i = 0; i < digits.size(); i += 2) {
        bytes.push_back(static_cast<std::uint8_t>(std::stoi(digits.substr(i, 2), nullptr, 16)));
    }
    std::size_t skip = 0;
    while (skip + 1 < bytes.size() && bytes[skip] == 0) {
        ++skip;
    }
    const std::size_t n = bytes.size() - skip;
    if (n > k_serial_bytes) {
        throw core::Error(core::Errc::usage, "invalid serial", text, "longer than 20 octets (RFC 5280 4.1.2.2)");
    }
    std::memset(&out, 0, sizeof out);
    std::memcpy(out.serial + (k_serial_bytes - n), bytes.data() + skip, n);
    out.serial_len = static_cast<std::uint8_t>(n);
}

const char* reason_name(std::uint8_t code) {
    static const char* names[] = {"unspecified",          "keyCompromise",  "cACompromise",
                                  "affiliationChanged",   "superseded",     "cessationOfOperation",
                                  "certificateHold",      "unspecified",    "removeFromCRL",
                                  "privilegeWithdrawn",   "aACompromise"};
    return code < sizeof names / sizeof names[0] ? names[code] : "unspecified";
}

namespace {
// American flag sort step: permutes [begin, end) in place into 256 buckets by serial byte `at`;
// `bounds` gets the 257 bucket boundaries.
void bucket_in_place(Entry* begin, Entry* end, std::size_t at, std::size_t* bounds) {
    std::size_t count[256] = {0};
    for (Entry* e = begin; e != end; ++e) {
        ++count[e->serial[at]];
    }
    std::size_t next[256];
    bounds[0] = 0;
    for (std::size_t b = 0; b < 256; ++b) {
        bounds[b + 1] = bounds[b] + count[b];
        next[b] = bounds[b];
    }
    for (std::size_t b = 0; b < 256; ++b) {
        while (next[b] < bounds[b + 1]) {
            Entry& e = begin[next[b]];
            const std::uint8_t d = e.serial[at];
            if (d == b) {
                ++next[b];
            } else {
                std::swap(e, begin[next[d]++]);
            }
        }
    }
}

// Entries in one bucket share serial bytes [0, at): compare from `at` on.
inline bool less_from(const Entry& a, const Entry& b, std::size_t at) {
    const int c = std::memcmp(a.serial + at, b.serial + at, k_serial_bytes - at);
    return c != 0 ? c < 0 : a.source < b.source;
}

void insertion_sort(Entry* begin, Entry* end, std::size_t at) {
    for (Entry* i = begin + 1; i < end; ++i) {
        if (less_from(*i, *(i - 1), at)) {
            Entry v = *i;
            Entry* j = i;
            do {
                *j = *(j - 1);
                --j;
            } while (j > begin && less_from(v, *(j - 1), at));
            *j = v;
        }
    }
}

void sort_range(Entry* begin, Entry* end, std::size_t at) {
    const std::size_t n = static_cast<std::size_t>(end - begin);
    if (n <= 16 || at >= k_serial_bytes) {
        insertion_sort(begin, end, std::min(at, k_serial_bytes));
        return;
    }
    std::size_t bounds[257];
    bucket_in_place(begin, end, at, bounds);
    for (std::size_t b = 0; b < 256; ++b) {
        if (bounds[b + 1] - bounds[b] > 1) {
            sort_range(begin + bounds[b], begin + bounds[b + 1], at + 1);
        }
    }
}

void sort_span(Entry* begin, Entry* end) {
    // CRLs written by OpenSSL's `ca -gencrl` list their entries in serial order already: one pass finds that
    // (and stops at the first entry out of order in any other list, so it costs nothing there).
    if (std::is_sorted(begin, end, entry_less)) {
        return;
    }
    // Serials are right-aligned, so short serials share leading zero bytes: start at the first byte
    // where the entries actually differ.
    std::size_t at = 0;
    while (at < k_serial_bytes) {
        const std::uint8_t first = begin->serial[at];
        bool same = true;
        for (const Entry* e = begin; e != end; ++e) {
            if (e->serial[at] != first) {
                same = false;
                break;
            }
        }
        if (!same) {
            break;
        }
        ++at;
    }
    sort_range(begin, end, at);
}
}  // namespace

void sort_entries(std::vector<Entry>& entries) { sort_span(entries.data(), entries.data() + entries.size()); }

std::size_t sort_entries_in_two_runs(std::vector<Entry>& entries) {
    const std::size_t n = entries.size();
    if (n < (1u << 16)) {
        sort_entries(entries);
        return n;
    }
    const std::size_t split = n / 2;
    Entry* data = entries.data();
    ca::SecondThread second([&] { sort_span(data + split, data + n); });
    sort_span(data, data + split);
    second.join();
    return split;
}

}  // namespace certctl::crl
