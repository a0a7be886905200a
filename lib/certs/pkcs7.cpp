// lib/certs/pkcs7.cpp — RFC 2315 / RFC 5652 SignedData walked with BER_Decoder (see pkcs7.h).
#include "lib/certs/pkcs7.h"

#include "lib/core/error.h"

#include <botan/asn1_obj.h>
#include <botan/ber_dec.h>
#include <botan/der_enc.h>
#include <cstring>

namespace certctl::certs {

namespace {
const Botan::OID k_signed_data("1.2.840.113549.1.7.2");
const Botan::OID k_data("1.2.840.113549.1.7.1");
const auto k_ctx0 = Botan::ASN1_Tag(Botan::CONSTRUCTED | Botan::CONTEXT_SPECIFIC);
// 1.2.840.113549.1.7.2 as DER content octets, for the zero-copy walk.
const std::uint8_t k_signed_data_der[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02};

// The certificates of [0] certificates: each choice that is an X.509 Certificate (a SEQUENCE) as DER; others
// are noted.
void take_certificates(const Botan::BER_Object& set_object, Pkcs7Contents& out) {
    Botan::BER_Decoder set(set_object);
    while (set.more_items()) {
        const Botan::BER_Object c = set.get_next_object();
        if (!c.is_a(Botan::SEQUENCE, Botan::CONSTRUCTED)) {
            out.notes.push_back("skipped a certificate choice that is not an X.509 certificate");
            continue;
        }
        std::vector<std::uint8_t> cert_der;  // get_next_object() stripped the SEQUENCE header
        Botan::DER_Encoder(cert_der).start_cons(Botan::SEQUENCE).raw_bytes(c.bits(), c.length()).end_cons();
        out.certificates.push_back(std::move(cert_der));
    }
}

std::size_t count_items(const Botan::BER_Object& set_object) {
    Botan::BER_Decoder set(set_object);
    std::size_t n = 0;
    while (set.more_items()) {
        set.get_next_object();
        ++n;
    }
    return n;
}
}  // namespace

bool looks_like_pkcs7(const std::vector<std::uint8_t>& der) {
    try {
        Botan::BER_Decoder top(der);
        Botan::BER_Decoder info = top.start_cons(Botan::SEQUENCE);
        Botan::OID type;
        info.decode(type);
        return type == k_signed_data;
    } catch (const std::exception&) {
        return false;
    }
}

Pkcs7Contents read_pkcs7(const std::vector<std::uint8_t>& der, const std::string& source) {
    Pkcs7Contents out;
    try {
        Botan::BER_Decoder top(der);
        Botan::BER_Decoder content_info = top.start_cons(Botan::SEQUENCE);
        Botan::OID type;
        content_info.decode(type);
        if (type != k_signed_data) {
            throw core::Error(core::Errc::bad_input, "cannot read PKCS#7", source,
                              "content type " + type.to_string() + " is not signedData",
                              "expected a certificates-only .p7b bundle");
        }
        Botan::BER_Decoder explicit0 = content_info.start_cons(Botan::ASN1_Tag(0), Botan::CONTEXT_SPECIFIC);
        Botan::BER_Decoder signed_data = explicit0.start_cons(Botan::SEQUENCE);
        // RFC 5652 5.1: version, digestAlgorithms, encapContentInfo, [0] certificates, [1] crls, signerInfos.
        for (int i = 0; i < 3; ++i) {
            signed_data.get_next_object();
        }
        while (signed_data.more_items()) {
            const Botan::BER_Object obj = signed_data.get_next_object();
            if (obj.is_a(0, k_ctx0)) {
                take_certificates(obj, out);
            } else if (obj.is_a(1, k_ctx0)) {
                out.notes.push_back("ignored " + std::to_string(count_items(obj)) + " CRL(s) carried in the bundle");
            } else if (obj.is_a(Botan::SET, Botan::CONSTRUCTED)) {
                if (const std::size_t n = count_items(obj); n > 0) {
                    out.notes.push_back("ignored " + std::to_string(n) +
                                        " signer(s): the bundle's signature is reported, not verified");
                }
            }
        }
    } catch (const core::Error&) {
        throw;
    } catch (const std::exception& e) {
        throw core::Error(core::Errc::bad_input, "cannot read PKCS#7", source,
                          std::string("malformed or truncated SignedData (") + e.what() + ")",
                          "expected a .p7b as `openssl crl2pkcs7 -nocrl` writes it; the file may be truncated");
    }
    return out;
}

// ContentInfo { contentType signedData, [0] EXPLICIT SignedData { version, digestAlgorithms,
// encapContentInfo, [0] IMPLICIT certificates SET OF Certificate, ... } } (RFC 5652 5.1).
std::optional<core::ByteSpan> pkcs7_certificate_set(const core::Tlv& top) {
    if (top.tag != 0x30) {
        return std::nullopt;
    }
    const std::uint8_t* p = top.value.data;
    const std::uint8_t* end = top.value.end();
    core::Tlv oid;
    core::Tlv explicit0;
    core::Tlv sd;
    if (!core::next_tlv(p, end, oid) || oid.tag != 0x06 || oid.value.size != sizeof k_signed_data_der ||
        std::memcmp(oid.value.data, k_signed_data_der, sizeof k_signed_data_der) != 0 ||
        !core::next_tlv(p, end, explicit0) || explicit0.tag != 0xa0) {
        return std::nullopt;
    }
    const std::uint8_t* e = explicit0.value.data;
    if (!core::next_tlv(e, explicit0.value.end(), sd) || sd.tag != 0x30) {
        return std::nullopt;
    }
    const std::uint8_t* s = sd.value.data;
    const std::uint8_t* send = sd.value.end();
    core::Tlv item;
    for (int i = 0; i < 3; ++i) {  // version, digestAlgorithms, encapContentInfo
        if (!core::next_tlv(s, send, item)) {
            return std::nullopt;
        }
    }
    if (!core::next_tlv(s, send, item) || item.tag != 0xa0) {
        return core::ByteSpan{};  // a valid bundle without certificates
    }
    return item.value;
}

std::vector<std::uint8_t> write_pkcs7(const std::vector<std::vector<std::uint8_t>>& certificates) {
    std::vector<std::uint8_t> out;
    Botan::DER_Encoder enc(out);
    enc.start_cons(Botan::SEQUENCE)
        .encode(k_signed_data)
        .start_explicit(0)
        .start_cons(Botan::SEQUENCE)
        .encode(static_cast<std::size_t>(1))
        .start_cons(Botan::SET)
        .end_cons()
        .start_cons(Botan::SEQUENCE)
        .encode(k_data)
        .end_cons()
        .start_cons(Botan::ASN1_Tag(0), Botan::CONTEXT_SPECIFIC);
    for (const auto& der : certificates) {
        enc.raw_bytes(der);
    }
    enc.end_cons().start_cons(Botan::SET).end_cons().end_cons().end_explicit().end_cons();
    return out;
}

}  // namespace certctl::certs
