// lib/certs/cert_parser.cpp — format detection and certificate decoding (see cert_parser.h).
#include "lib/certs/cert_parser.h"

#include "lib/certs/pem.h"
#include "lib/certs/pkcs7.h"
#include "lib/core/der.h"
#include "lib/core/error.h"

#include <botan/ber_dec.h>
#include <botan/data_src.h>
#include <botan/der_enc.h>

namespace certctl::certs {

namespace {
using Bytes = std::vector<std::uint8_t>;

[[noreturn]] void refuse_private_key(const std::string& source) {
    throw core::Error(core::Errc::bad_input, "refusing input", source, k_private_key_reason,
                      "hand over the certificate alone; bring keys in with `certctl key import` (the key was not "
                      "copied anywhere)");
}

// The shapes of private keys in DER (only the outer structure is looked at, so encrypted keys count too):
//   PKCS#8        SEQUENCE { INTEGER, SEQUENCE algorithm, OCTET STRING ... }          (RFC 5958)
//   Encrypted     SEQUENCE { SEQUENCE algorithm, OCTET STRING }                       (RFC 5958 3)
//   PKCS#1 RSA    SEQUENCE { INTEGER 0, INTEGER n, INTEGER e, INTEGER d, ... }        (RFC 8017 A.1.2)
//   SEC1 EC       SEQUENCE { INTEGER 1, OCTET STRING, ... }                           (RFC 5915 3)
// A certificate is SEQUENCE { SEQUENCE, SEQUENCE, BIT STRING } and matches none of them.
bool der_is_private_key(const Bytes& der) {
    try {
        Botan::BER_Decoder top(der);
        Botan::BER_Decoder seq = top.start_cons(Botan::SEQUENCE);
        std::vector<Botan::BER_Object> items;
        while (seq.more_items() && items.size() < 4) {
            items.push_back(seq.get_next_object());
        }
        const auto is = [&](std::size_t i, Botan::ASN1_Tag type, Botan::ASN1_Tag cls) {
            return i < items.size() && items[i].is_a(type, cls);
        };
        const auto uni = Botan::UNIVERSAL;
        const auto con = Botan::CONSTRUCTED;
        if (is(0, Botan::INTEGER, uni) && is(1, Botan::SEQUENCE, con) && is(2, Botan::OCTET_STRING, uni)) {
            return true;
        }
        if (items.size() == 2 && is(0, Botan::SEQUENCE, con) && is(1, Botan::OCTET_STRING, uni)) {
            return true;
        }
        if (items.size() == 4 && is(0, Botan::INTEGER, uni) && is(1, Botan::INTEGER, uni) &&
            is(2, Botan::INTEGER, uni) && is(3, Botan::INTEGER, uni) && items[0].length() == 1 &&
            items[0].bits()[0] == 0) {
            return true;
        }
        if (is(0, Botan::INTEGER, uni) && is(1, Botan::OCTET_STRING, uni) && items[0].length() == 1 &&
            items[0].bits()[0] == 1) {
            return true;
        }
    } catch (const std::exception&) {
    }
    return false;
}

Bytes to_bytes(const std::string& s) { return Bytes(s.begin(), s.end()); }

CertItem decode_item(const Bytes& der, std::size_t position, bool decode) {
    CertItem item;
    item.where = "certificate " + std::to_string(position);
    item.der = der;
    if (!decode) {
        return item;
    }
    try {
        item.cert.emplace(der);
    } catch (const std::exception& e) {
        item.error = std::string("not a readable X.509 certificate (") + e.what() + ")";
    }
    return item;
}

// OpenSSL's "TRUSTED CERTIFICATE" is the certificate followed by its trust settings (X509_AUX); keep only
// the certificate, so what we store and export is plain X.509.
Bytes first_object(const Bytes& der) {
    try {
        Botan::BER_Decoder dec(der);
        const Botan::BER_Object obj = dec.get_next_object();
        if (obj.is_a(Botan::SEQUENCE, Botan::CONSTRUCTED)) {
            Bytes out;
            Botan::DER_Encoder(out).start_cons(Botan::SEQUENCE).raw_bytes(obj.bits(), obj.length()).end_cons();
            return out;
        }
    } catch (const std::exception&) {
    }
    return der;
}

bool is_certificate_label(const std::string& label) {
    return label == "CERTIFICATE" || label == "X509 CERTIFICATE" || label == "TRUSTED CERTIFICATE";
}

void add_pkcs7(CertFile& out, const Bytes& der, const std::string& source, bool decode) {
    Pkcs7Contents p7 = read_pkcs7(der, source);
    for (const Bytes& c : p7.certificates) {
        out.items.push_back(decode_item(c, out.items.size() + 1, decode));
    }
    out.notes.insert(out.notes.end(), p7.notes.begin(), p7.notes.end());
}
}  // namespace

bool contains_private_key(const std::string& bytes) {
    if (looks_like_pem(bytes)) {
        std::size_t pos = 0;
        while ((pos = bytes.find("-----BEGIN ", pos)) != std::string::npos) {
            const std::size_t end = bytes.find("-----", pos + 11);
            if (end == std::string::npos) {
                break;
            }
            if (is_private_key_label(bytes.substr(pos + 11, end - pos - 11))) {
                return true;
            }
            pos = end;
        }
        return false;
    }
    // DER objects may be concatenated (a certificate with its key appended): look at each top-level one.
    const auto* p = reinterpret_cast<const std::uint8_t*>(bytes.data());
    const std::uint8_t* const end = p + bytes.size();
    while (p < end) {
        core::Tlv tlv;
        if (core::read_tlv(p, end, tlv) != core::DerFault::none) {
            return der_is_private_key(Bytes(p, end));  // what cannot be walked is judged as one object
        }
        if (der_is_private_key(Bytes(tlv.whole.data, tlv.whole.end()))) {
            return true;
        }
    }
    return false;
}

CertFile read_certificate_file(const std::string& bytes, const std::string& source, bool decode) {
    // (1) before anything else: a private key is refused even where a certificate would parse.
    if (contains_private_key(bytes)) {
        refuse_private_key(source);
    }
    if (bytes.find_first_not_of(" \t\r\n") == std::string::npos) {
        throw core::Error(core::Errc::bad_input, "cannot read certificates", source, "the file is empty",
                          "expected PEM, DER or PKCS#7 (.p7b) certificates");
    }
    CertFile out;
    if (looks_like_pem(bytes)) {
        out.format = "pem";
        for (const PemBlock& block : split_pem(bytes, source)) {
            if (block.label == "PKCS7" || block.label == "CMS") {
                out.format = "pkcs7-pem";
                if (block.der.empty()) {
                    throw core::Error(core::Errc::bad_input, "cannot read PKCS#7", source,
                                      "the PEM body is not valid base64 (" + block.error + ")");
                }
                add_pkcs7(out, block.der, source, decode);
            } else if (is_certificate_label(block.label)) {
                if (block.der.empty()) {
                    CertItem bad;
                    bad.where = "certificate " + std::to_string(out.items.size() + 1);
                    bad.error = "the PEM body is not valid base64 (" + block.error + ")";
                    out.items.push_back(std::move(bad));
                } else {
                    const Bytes der = block.label == "TRUSTED CERTIFICATE" ? first_object(block.der) : block.der;
                    out.items.push_back(decode_item(der, out.items.size() + 1, decode));
                }
            } else {
                out.notes.push_back("skipped a PEM block labelled \"" + block.label + "\"");
            }
        }
    } else {
        const Bytes der = to_bytes(bytes);
        if (looks_like_pkcs7(der)) {
            out.format = "pkcs7-der";
            add_pkcs7(out, der, source, decode);
        } else {
            out.format = "der";
            // A lone DER object is decoded even when not asked: that is how garbage is told from a certificate.
            CertItem item = decode_item(der, 1, true);
            if (!item.cert) {
                throw core::Error(core::Errc::bad_input, "cannot read certificates", source,
                                  "not PEM, DER or PKCS#7 certificate data (" + item.error + ")",
                                  "expected PEM, DER or PKCS#7 (.p7b) certificates");
            }
            if (!decode) {
                item.cert.reset();
            }
            out.items.push_back(std::move(item));
        }
    }
    if (out.items.empty()) {
        throw core::Error(core::Errc::bad_input, "cannot read certificates", source, "no certificate found in the file",
                          "expected PEM, DER or PKCS#7 (.p7b) certificates");
    }
    return out;
}

std::vector<Botan::X509_Certificate> parse_certificates(const std::string& bytes, const std::string& source) {
    const CertFile file = read_certificate_file(bytes, source);
    std::vector<Botan::X509_Certificate> certs;
    for (const CertItem& item : file.items) {
        if (!item.cert) {
            throw core::Error(core::Errc::bad_input, "cannot read certificates", source, item.where + ": " + item.error,
                              "expected PEM, DER or PKCS#7 (.p7b) certificates");
        }
        certs.push_back(*item.cert);
    }
    return certs;
}

}  // namespace certctl::certs
