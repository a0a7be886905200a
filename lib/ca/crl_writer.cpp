// lib/ca/crl_writer.cpp — the streaming CRL encoder: header and trailer by Botan, entries by hand.
#include "lib/ca/crl_writer.h"

#include "lib/ca/cert_extensions.h"
#include "lib/core/rfc3339.h"

#include <botan/base64.h>
#include <botan/der_enc.h>
#include <botan/pubkey.h>
#include <botan/x509_ext.h>
#include <botan/x509_obj.h>
#include <array>
#include <cstring>

namespace certctl::ca {

namespace {
using Bytes = std::vector<std::uint8_t>;
using Sink = std::function<void(const std::uint8_t*, std::size_t)>;

// DER definite length octets.
void put_length(Bytes& out, std::size_t n) {
    if (n < 0x80) {
        out.push_back(static_cast<std::uint8_t>(n));
        return;
    }
    std::uint8_t tmp[8];
    int k = 0;
    for (; n > 0; n >>= 8) {
        tmp[k++] = static_cast<std::uint8_t>(n & 0xff);
    }
    out.push_back(static_cast<std::uint8_t>(0x80 | k));
    while (k > 0) {
        out.push_back(tmp[--k]);
    }
}
// RFC 5280 4.1.2.5: UTCTime for 1950..2049, GeneralizedTime otherwise.
constexpr std::int64_t k_utc_from = -631152000;  // 1950-01-01T00:00:00Z
constexpr std::int64_t k_utc_until = 2524608000;  // 2050-01-01T00:00:00Z
std::size_t time_size(std::int64_t t) { return (t >= k_utc_from && t < k_utc_until) ? 15 : 17; }

void two_digits(std::uint8_t*& p, unsigned v) {
    *p++ = static_cast<std::uint8_t>('0' + v / 10);
    *p++ = static_cast<std::uint8_t>('0' + v % 10);
}

// DER UTCTime/GeneralizedTime without gmtime or snprintf: a million entries each need one.
std::size_t put_time(std::uint8_t* out, std::int64_t t) {
    const core::CivilTime c = core::civil_time(t);
    std::uint8_t* p = out;
    const bool utc = time_size(t) == 15;
    *p++ = utc ? 0x17 : 0x18;
    *p++ = utc ? 13 : 15;
    if (!utc) {
        two_digits(p, static_cast<unsigned>(c.year / 100));
    }
    two_digits(p, static_cast<unsigned>(c.year % 100));
    two_digits(p, c.month);
    two_digits(p, c.day);
    two_digits(p, c.hour);
    two_digits(p, c.minute);
    two_digits(p, c.second);
    *p++ = 'Z';
    return static_cast<std::size_t>(p - out);
}

// crlEntryExtensions { reasonCode (2.5.29.21) ENUMERATED }.
constexpr std::uint8_t k_reason_ext[] = {0x30, 0x0c, 0x30, 0x0a, 0x06, 0x03, 0x55, 0x1d,
                                         0x15, 0x04, 0x03, 0x0a, 0x01};

std::size_t entry_body_size(const RevokedEntry& e, std::size_t time_size) {
    const std::size_t serial = 2 + e.serial_len + ((e.serial[0] & 0x80) ? 1 : 0);
    return serial + time_size + (e.reason != 0 ? sizeof k_reason_ext + 1 : 0);
}

// Encodes entry after entry into `buf` and flushes it to `sink` in large pieces.
class EntryEncoder {
public:
    explicit EntryEncoder(const Sink& sink) : m_sink(sink) { m_buf.reserve(k_flush + 128); }
    void add(const RevokedEntry& e) {
        std::uint8_t time[17];
        const std::size_t tlen = time_for(e.revoked_at, time);
        const std::size_t body = entry_body_size(e, tlen);  // always < 128: one length octet
        const std::size_t at = m_buf.size();
        m_buf.resize(at + 2 + body);
        std::uint8_t* p = m_buf.data() + at;
        *p++ = 0x30;
        *p++ = static_cast<std::uint8_t>(body);
        const bool pad = (e.serial[0] & 0x80) != 0;
        *p++ = 0x02;
        *p++ = static_cast<std::uint8_t>(e.serial_len + (pad ? 1 : 0));
        if (pad) {
            *p++ = 0;
        }
        std::memcpy(p, e.serial, e.serial_len);
        p += e.serial_len;
        std::memcpy(p, time, tlen);
        p += tlen;
        if (e.reason != 0) {
            std::memcpy(p, k_reason_ext, sizeof k_reason_ext);
            p += sizeof k_reason_ext;
            *p++ = e.reason;
        }
        if (m_buf.size() >= k_flush) {
            flush();
        }
    }
    void flush() {
        if (!m_buf.empty()) {
            m_sink(m_buf.data(), m_buf.size());
            m_buf.clear();
        }
    }
    std::size_t time_for(std::int64_t t, std::uint8_t* out) {
        if (t != m_last_t || m_last_len == 0) {  // revocations come in bursts: most share a second
            m_last_t = t;
            m_last_len = put_time(m_last, t);
        }
        std::memcpy(out, m_last, m_last_len);
        return m_last_len;
    }

private:
    static constexpr std::size_t k_flush = 1 << 20;
    const Sink& m_sink;
    Bytes m_buf;
    std::int64_t m_last_t = 0;
    std::uint8_t m_last[17] = {};
    std::size_t m_last_len = 0;
};

std::size_t entries_size(const std::vector<RevokedEntry>& entries) {
    std::size_t total = 0;
    for (const RevokedEntry& e : entries) {
        total += 2 + entry_body_size(e, time_size(e.revoked_at));
    }
    return total;
}

// PEM: 64 characters a line, encoded in groups of 48 bytes as they arrive.
class PemSink {
public:
    explicit PemSink(const Sink& out) : m_out(out) {
        static const char k_begin[] = "-----BEGIN X509 CRL-----\n";
        m_out(reinterpret_cast<const std::uint8_t*>(k_begin), sizeof k_begin - 1);
    }
    void operator()(const std::uint8_t* data, std::size_t size) {
        m_pending.insert(m_pending.end(), data, data + size);
        const std::size_t whole = m_pending.size() / 48 * 48;
        emit(m_pending.data(), whole);
        m_pending.erase(m_pending.begin(), m_pending.begin() + static_cast<std::ptrdiff_t>(whole));
    }
    void finish() {
        emit(m_pending.data(), m_pending.size());
        static const char k_end[] = "-----END X509 CRL-----\n";
        m_out(reinterpret_cast<const std::uint8_t*>(k_end), sizeof k_end - 1);
    }

private:
    void emit(const std::uint8_t* data, std::size_t size) {
        if (size == 0) {
            return;
        }
        const std::string b64 = Botan::base64_encode(data, size);
        std::string lines;
        lines.reserve(b64.size() + b64.size() / 64 + 2);
        for (std::size_t i = 0; i < b64.size(); i += 64) {
            lines.append(b64, i, 64);
            lines += '\n';
        }
        m_out(reinterpret_cast<const std::uint8_t*>(lines.data()), lines.size());
    }
    const Sink& m_out;
    Bytes m_pending;
};
}  // namespace

bool RevokedEntry::set_serial_hex(const char* hex, std::size_t len) {
    // A million of these per CRL: a table, not std::isxdigit/strtol.
    static const auto k_nibble = [] {
        std::array<std::int8_t, 256> t{};
        t.fill(-1);
        for (int c = 0; c < 10; ++c) {
            t['0' + c] = static_cast<std::int8_t>(c);
        }
        for (int c = 0; c < 6; ++c) {
            t['a' + c] = t['A' + c] = static_cast<std::int8_t>(10 + c);
        }
        return t;
    }();
    if (len == 0 || len > 40) {
        return false;
    }
    const auto* h = reinterpret_cast<const unsigned char*>(hex);
    std::size_t i = 0;
    std::size_t out = 0;
    if (len % 2 == 1) {
        const int v = k_nibble[h[0]];
        if (v < 0) {
            return false;
        }
        serial[out++] = static_cast<std::uint8_t>(v);
        i = 1;
    }
    for (; i < len; i += 2) {
        const int hi = k_nibble[h[i]];
        const int lo = k_nibble[h[i + 1]];
        if ((hi | lo) < 0) {
            return false;
        }
        serial[out++] = static_cast<std::uint8_t>(hi << 4 | lo);
    }
    // Minimal encoding: no leading zero bytes (a zero serial stays one byte).
    std::size_t skip = 0;
    while (skip + 1 < out && serial[skip] == 0) {
        ++skip;
    }
    if (skip > 0) {
        std::memmove(serial, serial + skip, out - skip);
        out -= skip;
    }
    serial_len = static_cast<std::uint8_t>(out);
    return true;
}

namespace {
// Everything of the TBSCertList before revokedCertificates.
Bytes tbs_head(const CrlParams& params, const Botan::AlgorithmIdentifier& alg) {
    Botan::DER_Encoder head;
    head.encode(std::size_t(1))  // v2
        .encode(alg)
        .encode(params.issuer)
        .encode(Botan::X509_Time(params.this_update))
        .encode(Botan::X509_Time(params.next_update));
    return Botan::unlock(head.get_contents());
}

// crlExtensions [0]: AKI, CRL number (RFC 5280 5.2.1, 5.2.3), IDP (5.2.5) when the CA publishes a URL.
Bytes crl_extensions(const CrlParams& params) {
    Botan::Extensions ext;
    ext.add(new Botan::Cert_Extension::Authority_Key_ID(params.authority_key_id));
    ext.add(new Botan::Cert_Extension::CRL_Number(static_cast<std::size_t>(params.crl_number)));
    if (!params.idp_url.empty()) {
        ext.add(new RawExtension(Botan::OID("2.5.29.28"), der_issuing_distribution_point(params.idp_url)), true);
    }
    Botan::DER_Encoder tail;
    tail.start_explicit(0).start_cons(Botan::SEQUENCE).encode(ext).end_cons().end_explicit();
    return Botan::unlock(tail.get_contents());
}

// signatureAlgorithm and signatureValue, after the TBSCertList.
Bytes signature_trailer(const Botan::AlgorithmIdentifier& alg, const Bytes& signature) {
    Botan::DER_Encoder trailer;
    trailer.encode(alg).encode(signature, Botan::BIT_STRING);
    return Botan::unlock(trailer.get_contents());
}
// Runs `emit_all` (which writes the whole CRL to the sink it is given) into `sink` as DER or PEM; returns the
// bytes `sink` received.
template <typename EmitAll>
std::uint64_t write_as(CrlFormat format, const Sink& sink, const EmitAll& emit_all) {
    std::uint64_t written = 0;
    const Sink counted = [&](const std::uint8_t* d, std::size_t n) {
        written += n;
        sink(d, n);
    };
    if (format == CrlFormat::der) {
        emit_all(counted);
    } else {
        PemSink pem(counted);
        emit_all([&](const std::uint8_t* d, std::size_t n) { pem(d, n); });
        pem.finish();
    }
    return written;
}
}  // namespace

std::uint64_t write_crl(const CrlParams& params, const std::vector<RevokedEntry>& entries,
                        const Botan::Private_Key& key, Botan::RandomNumberGenerator& rng, CrlFormat format,
                        const Sink& sink) {
    Botan::AlgorithmIdentifier alg;
    const std::unique_ptr<Botan::PK_Signer> signer =
        Botan::X509_Object::choose_sig_format(alg, key, rng, params.hash, "");

    const Bytes head_der = tbs_head(params, alg);
    const Bytes tail_der = crl_extensions(params);

    const std::size_t list_size = entries_size(entries);
    Bytes list_header;
    if (!entries.empty()) {  // RFC 5280 5.1.2.6: absent when there are none
        list_header.push_back(0x30);
        put_length(list_header, list_size);
    }
    const std::size_t tbs_body = head_der.size() + list_header.size() + (entries.empty() ? 0 : list_size) +
                                 tail_der.size();
    Bytes tbs_header = {0x30};
    put_length(tbs_header, tbs_body);

    const auto stream_tbs = [&](const Sink& out) {
        out(tbs_header.data(), tbs_header.size());
        out(head_der.data(), head_der.size());
        if (!entries.empty()) {
            out(list_header.data(), list_header.size());
            EntryEncoder enc(out);
            for (const RevokedEntry& e : entries) {
                enc.add(e);
            }
            enc.flush();
        }
        out(tail_der.data(), tail_der.size());
    };

    // Pass 1: the signature.
    stream_tbs([&](const std::uint8_t* d, std::size_t n) { signer->update(d, n); });
    const Bytes signature = signer->signature(rng);

    // Pass 2: the CRL, now that the outer length is known.
    const Bytes trailer = signature_trailer(alg, signature);
    const std::size_t tbs_total = tbs_header.size() + tbs_body;
    Bytes outer = {0x30};
    put_length(outer, tbs_total + trailer.size());

    return write_as(format, sink, [&](const Sink& out) {
        out(outer.data(), outer.size());
        stream_tbs(out);
        out(trailer.data(), trailer.size());
    });
}

}  // namespace certctl::ca
