// lib/csr/request.cpp — RFC 2986 CertificationRequest encoded and decoded with Botan's DER primitives.
#include "lib/csr/request.h"

#include "lib/core/error.h"
#include "lib/csr/der_oid.h"
#include "lib/keys/key_spec.h"
#include "lib/keys/pem_blocks.h"
#include "lib/keys/private_key_codec.h"

#include <algorithm>
#include <botan/ber_dec.h>
#include <botan/data_src.h>
#include <botan/der_enc.h>
#include <botan/ecc_key.h>
#include <botan/pem.h>
#include <botan/pubkey.h>
#include <botan/x509_key.h>
#include <botan/x509_obj.h>

namespace certctl::csr {

namespace {
const char* const k_extension_request_oid = "1.2.840.113549.1.9.14";  // PKCS #9 extensionRequest (RFC 2985 5.4.2)
const char* const k_read_action = "cannot read certificate request";

// Botan's X509_Object reads the outer SIGNED{} structure and checks signatures with its own table of
// algorithms; the body is ours to decode, so requests carrying OIDs Botan cannot hold still read.
class SignedRequest final : public Botan::X509_Object {
public:
    explicit SignedRequest(const std::vector<std::uint8_t>& der) {
        Botan::DataSource_Memory src(der);
        load_data(src);
    }
    std::string PEM_label() const override { return "CERTIFICATE REQUEST"; }
    std::vector<std::string> alternate_PEM_labels() const override { return {"NEW CERTIFICATE REQUEST"}; }

private:
    void force_decode() override {}
};

std::string hash_for(const Botan::Private_Key& key) {
    if (key.algo_name() == "ECDSA") {
        const std::size_t bits = dynamic_cast<const Botan::EC_PublicKey&>(key).domain().get_p_bits();
        return bits > 384 ? "SHA-512" : bits > 256 ? "SHA-384" : "SHA-256";
    }
    return "SHA-256";
}

std::vector<std::uint8_t> extension_der(const std::string& oid, const std::vector<std::uint8_t>& value) {
    std::vector<std::uint8_t> out;
    Botan::DER_Encoder(out)
        .start_cons(Botan::SEQUENCE)
        .raw_bytes(oid_der(oid))  // non-critical: the DEFAULT FALSE boolean is left out (DER)
        .encode(value, Botan::OCTET_STRING)
        .end_cons();
    return out;
}

std::vector<std::uint8_t> reencode(Botan::ASN1_Tag tag, const Botan::BER_Object& obj) {
    std::vector<std::uint8_t> out;
    Botan::DER_Encoder(out).start_cons(tag).raw_bytes(obj.bits(), obj.length()).end_cons();
    return out;
}

[[noreturn]] void malformed(const std::string& source, const std::string& why) {
    throw core::Error(core::Errc::bad_input, k_read_action, source, why,
                      "expected one PKCS#10 certificate request, PEM or DER");
}

std::vector<std::uint8_t> request_der(const std::string& bytes, const std::string& source) {
    if (bytes.empty()) {
        throw core::Error(core::Errc::bad_input, k_read_action, source, "the file is empty", "is this the right file?");
    }
    if (!keys::looks_like_pem(bytes)) {
        return {bytes.begin(), bytes.end()};
    }
    const std::vector<keys::PemBlock> blocks = keys::split_pem(bytes, source, k_read_action);
    std::vector<const keys::PemBlock*> requests;
    std::string labels;
    for (const keys::PemBlock& b : blocks) {
        if (b.label == "CERTIFICATE REQUEST" || b.label == "NEW CERTIFICATE REQUEST") {
            requests.push_back(&b);
        }
        labels += (labels.empty() ? "" : ", ") + b.label;
    }
    if (requests.empty()) {
        malformed(source, "the file holds no certificate request" + (labels.empty() ? "" : " (found " + labels + ")"));
    }
    if (requests.size() > 1) {
        throw core::Error(core::Errc::bad_input, k_read_action, source,
                          "the file holds " + std::to_string(requests.size()) +
                              " certificate requests where one was expected",
                          "split the file and give one request at a time");
    }
    if (requests.front()->der.empty()) {
        malformed(source, "the PEM body is not valid base64");
    }
    return {requests.front()->der.begin(), requests.front()->der.end()};
}

void decode_extensions(const Botan::BER_Object& set, Request& out, const std::string& source) {
    Botan::BER_Decoder values(set);
    Botan::BER_Decoder exts = values.start_cons(Botan::SEQUENCE);
    while (exts.more_items()) {
        Botan::BER_Decoder ext = exts.start_cons(Botan::SEQUENCE);
        const Botan::BER_Object oid = ext.get_next_object();
        oid.assert_is_a(Botan::OBJECT_ID, Botan::UNIVERSAL, "extension OID");
        RequestExtension e;
        e.oid = oid_text(oid.bits(), oid.length(), source);
        ext.decode_optional(e.critical, Botan::BOOLEAN, Botan::UNIVERSAL, false);
        ext.decode(e.value, Botan::OCTET_STRING);
        ext.verify_end();
        for (const RequestExtension& seen : out.extensions) {
            if (seen.oid == e.oid) {
                malformed(source, "extension " + e.oid + " appears twice (RFC 5280 4.2)");
            }
        }
        if (e.oid == k_subject_alt_name_oid) {
            out.sans = SubjectAltNames::decode(e.value, source);
        } else if (e.oid == k_requested_validity_oid) {
            Botan::BigInt days;
            Botan::BER_Decoder(e.value).decode(days).verify_end();
            if (days < 1 || days > Botan::BigInt(static_cast<std::uint64_t>(k_max_validity_days))) {
                malformed(source, "requested validity " + days.to_dec_string() + " days is out of range 1.." +
                                      std::to_string(k_max_validity_days));
            }
            out.validity_days = static_cast<long>(days.to_u32bit());
        }
        out.extensions.push_back(std::move(e));
    }
}

void decode_body(const SignedRequest& signed_request, Request& out, const std::string& source) {
    Botan::BER_Decoder body(signed_request.signed_body());
    std::size_t version = 99;
    body.decode(version);
    if (version != 0) {
        malformed(source, "unknown request version " + std::to_string(version));
    }
    body.decode(out.subject_dn);
    const Botan::BER_Object spki = body.get_next_object();
    spki.assert_is_a(Botan::SEQUENCE, Botan::CONSTRUCTED, "subjectPKInfo");
    out.public_key_der = reencode(Botan::SEQUENCE, spki);
    try {
        out.public_key.reset(Botan::X509::load_key(out.public_key_der));
    } catch (const Botan::Exception& e) {
        malformed(source, std::string("unsupported or damaged public key: ") + e.what());
    }
    const Botan::BER_Object attributes = body.get_next_object();
    attributes.assert_is_a(Botan::ASN1_Tag(0), Botan::ASN1_Tag(Botan::CONSTRUCTED | Botan::CONTEXT_SPECIFIC),
                           "attributes");
    body.verify_end();
    Botan::BER_Decoder attrs(attributes);
    while (attrs.more_items()) {
        Botan::BER_Decoder attr = attrs.start_cons(Botan::SEQUENCE);
        const Botan::BER_Object type = attr.get_next_object();
        type.assert_is_a(Botan::OBJECT_ID, Botan::UNIVERSAL, "attribute type");
        const Botan::BER_Object values = attr.get_next_object();
        values.assert_is_a(Botan::SET, Botan::CONSTRUCTED, "attribute values");
        if (oid_text(type.bits(), type.length(), source) == k_extension_request_oid) {
            decode_extensions(values, out, source);
        }
    }
}
}  // namespace

std::string Request::pem() const { return keys::pem_encode(der, "CERTIFICATE REQUEST"); }

const RequestExtension* Request::extension(const std::string& oid) const {
    for (const RequestExtension& e : extensions) {
        if (e.oid == oid) {
            return &e;
        }
    }
    return nullptr;
}

std::vector<std::uint8_t> build_request(const Botan::Private_Key& key, const Subject& subject,
                                        const SubjectAltNames& sans, std::optional<long> validity_days,
                                        Botan::RandomNumberGenerator& rng) {
    SubjectAltNames names = sans;
    if (!subject.email.empty() &&
        std::find(names.email.begin(), names.email.end(), subject.email) == names.email.end()) {
        names.email.push_back(subject.email);
    }
    std::vector<std::vector<std::uint8_t>> extensions;
    if (!names.empty()) {
        extensions.push_back(extension_der(k_subject_alt_name_oid, names.encode()));
    }
    if (validity_days) {
        std::vector<std::uint8_t> days;
        Botan::DER_Encoder(days).encode(static_cast<std::size_t>(*validity_days));
        extensions.push_back(extension_der(k_requested_validity_oid, days));
    }

    Botan::secure_vector<std::uint8_t> tbs;
    Botan::DER_Encoder body(tbs);
    body.start_cons(Botan::SEQUENCE)
        .encode(static_cast<std::size_t>(0))  // version v1 (RFC 2986 4.1)
        .encode(subject.to_dn())
        .raw_bytes(Botan::X509::BER_encode(key))
        .start_cons(Botan::ASN1_Tag(0), Botan::CONTEXT_SPECIFIC);  // attributes [0] IMPLICIT SET
    if (!extensions.empty()) {
        body.start_cons(Botan::SEQUENCE)
            .raw_bytes(oid_der(k_extension_request_oid))
            .start_cons(Botan::SET)
            .start_cons(Botan::SEQUENCE);
        for (const auto& e : extensions) {
            body.raw_bytes(e);
        }
        body.end_cons().end_cons().end_cons();
    }
    body.end_cons().end_cons();

    Botan::AlgorithmIdentifier sig_algo;
    std::unique_ptr<Botan::PK_Signer> signer =
        Botan::X509_Object::choose_sig_format(sig_algo, key, rng, hash_for(key), "");
    return Botan::X509_Object::make_signed(signer.get(), rng, sig_algo, tbs);
}

Request parse_request(const std::string& bytes, const std::string& source) {
    Request out;
    out.der = request_der(bytes, source);
    try {
        const SignedRequest signed_request(out.der);
        decode_body(signed_request, out, source);
        out.signature_algorithm = signed_request.signature_algorithm().get_oid().to_formatted_string();
        out.signature_valid = signed_request.check_signature(*out.public_key);
    } catch (const core::Error&) {
        throw;
    } catch (const Botan::Exception& e) {
        malformed(source, std::string("not a certificate request: ") + e.what());
    }
    out.subject = Subject::from_dn(out.subject_dn);
    out.subject_text = dn_to_string(out.subject_dn);
    out.public_key_sha256 = keys::public_key_sha256(*out.public_key);
    out.key_bits = out.public_key->key_length();
    try {
        out.key_algorithm = keys::spec_of(*out.public_key, source, k_read_action).to_string();
    } catch (const core::Error&) {
        out.key_algorithm = out.public_key->algo_name() + "-" + std::to_string(out.key_bits);
    }
    return out;
}

Request read_request(const std::string& bytes, const std::string& source) {
    Request out = parse_request(bytes, source);
    if (!out.signature_valid) {
        throw core::Error(core::Errc::bad_input, k_read_action, source,
                          "the request's signature does not verify with its own public key",
                          "the request was altered or damaged; ask for a fresh one");
    }
    return out;
}

}  // namespace certctl::csr
