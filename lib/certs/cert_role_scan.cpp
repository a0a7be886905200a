// lib/certs/cert_role_scan.cpp — scan_role (see cert_role_scan.h). Each rule below mirrors what Botan 2.19's
// X509_Certificate, its extension decoders and X509::load_key do with the same bytes; where Botan would throw,
// or where reproducing it exactly is not worth it (names in other string types, name constraints, unusual
// keys), the scan declines and Botan reads the certificate instead.
#include "lib/certs/cert_role_scan.h"

#include "lib/certs/key_usage.h"
#include "lib/core/der.h"
#include "lib/core/rfc3339.h"

#include <botan/ber_dec.h>
#include <botan/ec_group.h>
#include <botan/ecdsa.h>
#include <botan/rsa.h>

#include <algorithm>
#include <cstring>
#include <utility>
#include <vector>

namespace certctl::certs {

namespace {
using core::next_tlv;
using core::Tlv;

// The TLVs inside a constructed value, one after the other.
struct Inside {
    const std::uint8_t* p;
    const std::uint8_t* end;
    explicit Inside(const Tlv& t) : p(t.value.data), end(t.value.end()) {}
    bool next(Tlv& t) { return next_tlv(p, end, t); }
    bool done() const { return p == end; }
};

bool is(const Tlv& t, const std::uint8_t* bytes, std::size_t n) {
    return t.value.size == n && std::memcmp(t.value.data, bytes, n) == 0;
}

// Botan's OID::decode_from, component by component, with two more refusals: a component with a leading 0x80
// byte and an unterminated last one (Botan reads both, so two encodings could name one OID and a byte
// comparison would miss it).
bool oid_components(const Tlv& t, std::vector<std::uint32_t>* out) {
    const std::uint8_t* b = t.value.data;
    const std::size_t n = t.value.size;
    if (t.tag != 0x06 || n < 2 || (b[n - 1] & 0x80) != 0) {
        return false;
    }
    if (out != nullptr) {
        out->assign({static_cast<std::uint32_t>(b[0] / 40), static_cast<std::uint32_t>(b[0] % 40)});
    }
    std::size_t i = 1;
    while (i < n) {
        if (b[i] == 0x80) {
            return false;
        }
        std::uint32_t component = 0;
        for (;; ++i) {
            if ((component >> (32 - 7)) != 0) {
                return false;
            }
            component = (component << 7) + (b[i] & 0x7f);
            if ((b[i] & 0x80) == 0) {
                break;
            }
        }
        ++i;
        if (out != nullptr) {
            out->push_back(component);
        }
    }
    return true;
}

bool valid_oid(const Tlv& t) {
    return oid_components(t, nullptr);
}

std::string dotted(const std::vector<std::uint32_t>& components) {
    std::string s;
    for (const std::uint32_t c : components) {
        s += (s.empty() ? "" : ".") + std::to_string(c);
    }
    return s;
}

// String types Botan's ASN1_String copies as bytes (BMP and Universal strings are converted, and may throw).
bool plain_string_tag(std::uint8_t tag) {
    return tag == 0x0c || tag == 0x12 || tag == 0x13 || tag == 0x14 || tag == 0x16 || tag == 0x1a;
}

// X509_DN::decode_from: SEQUENCE OF SET OF SEQUENCE { OID, string }.
bool valid_name(const Tlv& name) {
    if (name.tag != 0x30) {
        return false;
    }
    Inside rdns(name);
    Tlv rdn;
    while (!rdns.done()) {
        if (!rdns.next(rdn) || rdn.tag != 0x31) {
            return false;
        }
        Inside atvs(rdn);
        Tlv atv;
        while (!atvs.done()) {
            if (!atvs.next(atv) || atv.tag != 0x30) {
                return false;
            }
            Inside parts(atv);
            Tlv oid;
            Tlv value;
            if (!parts.next(oid) || !valid_oid(oid) || !parts.next(value) || !plain_string_tag(value.tag) ||
                !parts.done()) {
                return false;
            }
        }
    }
    return true;
}

int two_digits(const std::uint8_t* p) {
    return (p[0] - '0') * 10 + (p[1] - '0');
}

// X509_Time::set_to and passes_sanity_check. A leap second (GeneralizedTime "60") is declined: Botan compares
// times field by field, where 23:59:60 comes before the next day's 00:00:00, not equal to it.
bool read_time(const Tlv& t, std::int64_t& out) {
    const std::size_t n = t.value.size;
    const std::uint8_t* p = t.value.data;
    if (!((t.tag == 0x17 && n == 13) || (t.tag == 0x18 && n == 15)) || p[n - 1] != 'Z') {
        return false;
    }
    for (std::size_t i = 0; i + 1 < n; ++i) {
        if (p[i] < '0' || p[i] > '9') {
            return false;
        }
    }
    int year = 0;
    const std::uint8_t* rest = p;
    if (t.tag == 0x17) {
        year = two_digits(p);
        year += year >= 50 ? 1900 : 2000;
        rest += 2;
    } else {
        year = two_digits(p) * 100 + two_digits(p + 2);
        rest += 4;
    }
    const int month = two_digits(rest);
    const int day = two_digits(rest + 2);
    static const int k_days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (year < 1950 || year > 3100 || month < 1 || month > 12 || day < 1 || day > k_days[month - 1]) {
        return false;
    }
    if (month == 2 && day == 29 && (year % 4 != 0 || (year % 100 == 0 && year % 400 != 0))) {
        return false;
    }
    if (two_digits(rest + 4) >= 24 || two_digits(rest + 6) >= 60 || two_digits(rest + 8) >= 60) {
        return false;
    }
    return core::parse_asn1_time(t.tag, p, n, out);
}

// Every constructed value under `t` is well-formed DER, and no GeneralName directoryName ([4]) occurs: the
// extensions Botan decodes but `check` does not read then fail, if at all, with a Decoding_Error, which Botan
// absorbs (the extension is kept as unknown); a directoryName is decoded as an X509_DN, whose string check
// throws Invalid_Argument, which fails the whole certificate.
bool plain_tree(const Tlv& t, int depth) {
    if (t.tag == 0xa4 || depth > 32) {
        return false;
    }
    if ((t.tag & 0x20) == 0) {
        return true;
    }
    Inside kids(t);
    Tlv kid;
    while (!kids.done()) {
        if (!kids.next(kid) || !plain_tree(kid, depth + 1)) {
            return false;
        }
    }
    return true;
}

bool plain_value(const Tlv& octets) {
    Inside items(octets);
    Tlv item;
    while (!items.done()) {
        if (!items.next(item) || !plain_tree(item, 0)) {
            return false;
        }
    }
    return true;
}

// Key_Usage::decode_inner, and X509_Certificate's refusal of a key usage with no bit set.
bool read_key_usage(const Tlv& octets, CertSummary& role) {
    Inside in(octets);
    Tlv bits;
    if (!in.next(bits) || bits.tag != 0x03 || !in.done() || (bits.value.size != 2 && bits.value.size != 3) ||
        bits.value.data[0] >= 8) {
        return false;
    }
    const std::uint8_t* b = bits.value.data;
    const auto mask = static_cast<std::uint8_t>(0xff << b[0]);
    const std::uint16_t usage = bits.value.size == 2 ? static_cast<std::uint16_t>((b[1] & mask) << 8)
                                                     : static_cast<std::uint16_t>((b[1] << 8) | (b[2] & mask));
    if (usage == 0) {
        return false;
    }
    role.key_usage = key_usage_list(static_cast<Botan::Key_Constraints>(usage));
    return true;
}

// Extended_Key_Usage::decode_inner: SEQUENCE OF OID, named as X509_Certificate::extended_key_usage() reads.
bool read_extended_key_usage(const Tlv& octets, CertSummary& role) {
    Inside in(octets);
    Tlv list;
    if (!in.next(list) || list.tag != 0x30 || !in.done()) {
        return false;
    }
    Inside oids(list);
    Tlv oid;
    std::vector<std::uint32_t> components;
    while (!oids.done()) {
        if (!oids.next(oid) || !oid_components(oid, &components)) {
            return false;
        }
        role.extended_key_usage.push_back(eku_name(dotted(components)));
    }
    return true;
}

// Basic_Constraints::decode_inner: SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL }.
bool read_basic_constraints(const Tlv& octets, CertSummary& role) {
    Inside in(octets);
    Tlv seq;
    if (!in.next(seq) || seq.tag != 0x30 || !in.done()) {
        return false;
    }
    Inside fields(seq);
    Tlv field;
    bool is_ca = false;
    bool have = fields.next(field);
    if (have && field.tag == 0x01) {
        if (field.value.size != 1) {
            return false;
        }
        is_ca = field.value.data[0] != 0;
        have = fields.next(field);
    }
    if (have && (field.tag != 0x02 || field.value.size == 0 || field.value.size > 4 || field.value.data[0] >= 0x80)) {
        return false;
    }
    if (!fields.done()) {
        return false;  // something after the path length, or not DER
    }
    role.has_basic_constraints = true;
    role.is_ca = is_ca;
    return true;
}

// The extensions block: [3] EXPLICIT SEQUENCE OF SEQUENCE { OID, critical BOOLEAN DEFAULT FALSE, OCTET STRING }.
bool read_extensions(const Tlv& explicit3, CertSummary& role) {
    Inside outer(explicit3);
    Tlv list;
    if (!outer.next(list) || list.tag != 0x30 || !outer.done()) {
        return false;
    }
    // 2.5.29.x: the extensions Botan decodes are x = 14, 15, 17, 18, 19, 20, 21, 28, 30, 31, 32, 35, 37
    static const std::uint8_t k_aia[] = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x01};
    std::vector<core::ByteSpan> seen;
    Inside exts(list);
    Tlv ext;
    while (!exts.done()) {
        if (!exts.next(ext) || ext.tag != 0x30) {
            return false;
        }
        Inside parts(ext);
        Tlv oid;
        Tlv item;
        if (!parts.next(oid) || !valid_oid(oid) || !parts.next(item)) {
            return false;
        }
        if (item.tag == 0x01 && (item.value.size != 1 || !parts.next(item))) {
            return false;
        }
        if (item.tag != 0x04 || !parts.done()) {
            return false;
        }
        for (const core::ByteSpan& s : seen) {
            if (s.size == oid.value.size && std::memcmp(s.data, oid.value.data, s.size) == 0) {
                return false;  // Botan keeps the first of two; not worth reproducing
            }
        }
        seen.push_back(oid.value);
        const bool pkix = oid.value.size == 3 && oid.value.data[0] == 0x55 && oid.value.data[1] == 0x1d;
        const int x = pkix ? oid.value.data[2] : -1;
        bool ok = true;
        if (x == 15) {
            ok = read_key_usage(item, role);
        } else if (x == 37) {
            ok = read_extended_key_usage(item, role);
        } else if (x == 19) {
            ok = read_basic_constraints(item, role);
        } else if (x == 14 || x == 17 || x == 18 || x == 31 || x == 32 || x == 35 || is(oid, k_aia, sizeof k_aia)) {
            ok = plain_value(item);
        } else if (x == 20 || x == 21 || x == 28 || x == 30) {
            ok = false;  // CRL extensions and name constraints: their decoders throw more than Decoding_Error
        }
        if (!ok) {
            return false;
        }
    }
    return true;
}

// The named curve of `oid` as Botan knows it, with the strength Botan gives its keys, once per thread and
// curve; no group when Botan does not know it.
struct Curve {
    std::string oid;
    std::optional<Botan::EC_Group> group;
    std::size_t strength = 0;
};

const Curve& curve_of(const Tlv& oid) {
    static thread_local std::vector<Curve> cache;
    const std::string key(reinterpret_cast<const char*>(oid.whole.data), oid.whole.size);
    for (const Curve& c : cache) {
        if (c.oid == key) {
            return c;
        }
    }
    Curve curve{key, std::nullopt, 0};
    try {
        Botan::OID decoded;
        Botan::BER_Decoder(oid.whole.data, oid.whole.size).decode(decoded);
        curve.group.emplace(decoded);
        curve.strength = Botan::ECDSA_PublicKey(*curve.group, curve.group->get_base_point()).estimated_strength();
    } catch (const std::exception&) {
        curve.group.reset();
    }
    cache.push_back(std::move(curve));
    return cache.back();
}

// Botan's estimated_strength() of an RSA key whose modulus has `bits` bits, asked of a key of that size (its
// work factor depends on the size alone), once per thread and size.
std::size_t rsa_strength(std::size_t bits) {
    static thread_local std::vector<std::pair<std::size_t, std::size_t>> cache;
    for (const auto& [b, strength] : cache) {
        if (b == bits) {
            return strength;
        }
    }
    const Botan::RSA_PublicKey key(Botan::BigInt::power_of_2(bits - 1) + 1, Botan::BigInt(3));
    cache.emplace_back(bits, key.estimated_strength());
    return cache.back().second;
}

std::size_t bit_length(const std::uint8_t* p, std::size_t n) {
    while (n > 0 && *p == 0) {
        ++p;
        --n;
    }
    if (n == 0) {
        return 0;
    }
    std::size_t bits = (n - 1) * 8;
    for (std::uint8_t top = *p; top != 0; top >>= 1) {
        ++bits;
    }
    return bits;
}

// A positive INTEGER (Botan reads a first byte >= 0x80 as negative) that is odd.
bool positive_odd(const Tlv& t) {
    return t.tag == 0x02 && t.value.size > 0 && t.value.data[0] < 0x80 && (t.value.data[t.value.size - 1] & 1) != 0;
}

// RSA's BIT STRING content: X509_Certificate wants NULL (or no) parameters; RSA_PublicKey an odd positive n and e.
bool read_rsa_key(bool has_params, const Tlv& params, const Tlv& bits, RoleScan& out) {
    if (has_params && !(params.tag == 0x05 && params.value.size == 0)) {
        return false;
    }
    const std::uint8_t* p = bits.value.data;
    Tlv seq;
    if (!next_tlv(p, bits.value.end(), seq) || seq.tag != 0x30 || p != bits.value.end()) {
        return false;
    }
    Inside ne(seq);
    Tlv n;
    Tlv e;
    if (!ne.next(n) || !ne.next(e) || !ne.done() || !positive_odd(n) || !positive_odd(e)) {
        return false;
    }
    out.key_algorithm = "RSA";
    out.key_bits = bit_length(n.value.data, n.value.size);
    if (out.key_bits < 64) {
        return false;  // not worth vouching for how Botan's Montgomery set-up treats a toy modulus
    }
    out.key_strength = rsa_strength(out.key_bits);
    return true;
}

// An EC point on a named curve Botan knows, decoded and checked on the curve as EC_PublicKey's constructor does.
bool read_ec_key(bool has_params, const Tlv& params, const Tlv& bits, RoleScan& out) {
    if (!has_params || params.tag != 0x06 || !valid_oid(params)) {
        return false;
    }
    const Curve& curve = curve_of(params);
    if (!curve.group) {
        return false;
    }
    const Botan::EC_Group& group = *curve.group;
    try {
        (void)group.OS2ECP(bits.value.data, bits.value.size);
    } catch (const std::exception&) {
        return false;
    }
    out.key_algorithm = "ECDSA";
    out.key_bits = group.get_p_bits();
    out.key_strength = curve.strength;
    return true;
}

// SubjectPublicKeyInfo as X509::load_key reads it: RSA, ECDSA on a named curve Botan knows, Ed25519.
bool read_public_key(const Tlv& spki, RoleScan& out) {
    static const std::uint8_t k_rsa[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01};
    static const std::uint8_t k_ec[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01};
    static const std::uint8_t k_ed25519[] = {0x2b, 0x65, 0x70};
    Inside parts(spki);
    Tlv alg;
    Tlv key;
    if (spki.tag != 0x30 || !parts.next(alg) || alg.tag != 0x30 || !parts.next(key) || key.tag != 0x03 ||
        !parts.done() || key.value.size < 2 || key.value.data[0] != 0) {
        return false;
    }
    Inside alg_parts(alg);
    Tlv oid;
    Tlv params;
    if (!alg_parts.next(oid) || !valid_oid(oid)) {
        return false;
    }
    const bool has_params = !alg_parts.done();
    if (has_params && (!alg_parts.next(params) || !alg_parts.done())) {
        return false;
    }
    const Tlv bits{0x00, {}, core::ByteSpan{key.value.data + 1, key.value.size - 1}};
    if (is(oid, k_rsa, sizeof k_rsa)) {
        return read_rsa_key(has_params, params, bits, out);
    }
    if (is(oid, k_ec, sizeof k_ec)) {
        return read_ec_key(has_params, params, bits, out);
    }
    if (is(oid, k_ed25519, sizeof k_ed25519) && !has_params && bits.value.size == 32) {
        out.key_algorithm = "Ed25519";
        out.key_bits = 255;
        out.key_strength = 128;
        return true;
    }
    return false;
}

// AlgorithmIdentifier: SEQUENCE { OID, parameters ANY OPTIONAL }.
bool valid_algorithm(const Tlv& alg) {
    Inside parts(alg);
    Tlv oid;
    return alg.tag == 0x30 && parts.next(oid) && valid_oid(oid);
}

bool scan(const std::uint8_t* der, std::size_t size, RoleScan& out) {
    static const char k_pem[] = "-----BEGIN";
    // Botan takes input that contains a PEM header for PEM
    if (std::search(der, der + size, k_pem, k_pem + sizeof k_pem - 1) != der + size) {
        return false;
    }
    const std::uint8_t* p = der;
    Tlv cert;
    if (!next_tlv(p, der + size, cert) || cert.tag != 0x30 || p != der + size) {
        return false;
    }
    Inside top(cert);
    Tlv tbs;
    Tlv sig_alg;
    Tlv sig;
    if (!top.next(tbs) || tbs.tag != 0x30 || !top.next(sig_alg) || !valid_algorithm(sig_alg) || !top.next(sig) ||
        sig.tag != 0x03 || sig.value.size == 0 || sig.value.data[0] != 0 || !top.done()) {
        return false;
    }
    Inside fields(tbs);
    Tlv item;
    if (!fields.next(item)) {
        return false;
    }
    if (item.tag == 0xa0) {  // [0] EXPLICIT version: v1, v2 or v3
        Inside v(item);
        Tlv version;
        if (!v.next(version) || version.tag != 0x02 || version.value.size != 1 || version.value.data[0] > 2 ||
            !v.done() || !fields.next(item)) {
            return false;
        }
    }
    Tlv inner_alg;
    Tlv issuer;
    Tlv validity;
    Tlv subject;
    Tlv spki;
    if (item.tag != 0x02 || item.value.size == 0 || !fields.next(inner_alg) ||
        inner_alg.whole.size != sig_alg.whole.size ||
        std::memcmp(inner_alg.whole.data, sig_alg.whole.data, sig_alg.whole.size) != 0 || !fields.next(issuer) ||
        !valid_name(issuer) || !fields.next(validity) || validity.tag != 0x30 || !fields.next(subject) ||
        !valid_name(subject) || !fields.next(spki)) {
        return false;
    }
    Inside dates(validity);
    Tlv nb;
    Tlv na;
    if (!dates.next(nb) || !dates.next(na) || !dates.done() || !read_time(nb, out.not_before) ||
        !read_time(na, out.not_after) || !read_public_key(spki, out)) {
        return false;
    }
    if (!fields.done()) {  // only extensions may follow (issuer and subject unique IDs are declined)
        Tlv exts;
        if (!fields.next(exts) || exts.tag != 0xa3 || !fields.done() || !read_extensions(exts, out.role)) {
            return false;
        }
    }
    return true;
}
}  // namespace

std::optional<RoleScan> scan_role(const std::uint8_t* der, std::size_t size) {
    RoleScan out;
    if (!scan(der, size, out)) {
        return std::nullopt;
    }
    return out;
}

}  // namespace certctl::certs
