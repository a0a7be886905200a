// lib/keys/private_key_codec.cpp — PKCS#8 (plain and PBES2), PKCS#1 and SEC1 in, PKCS#8 PEM out.
#include "lib/keys/private_key_codec.h"

#include "lib/core/error.h"
#include "lib/keys/pem_blocks.h"

#include <botan/base64.h>
#include <botan/ber_dec.h>
#include <botan/data_src.h>
#include <botan/ec_group.h>
#include <botan/ecdsa.h>
#include <botan/hash.h>
#include <botan/hex.h>
#include <botan/mem_ops.h>
#include <botan/oids.h>
#include <botan/pkcs8.h>
#include <botan/rsa.h>
#include <botan/x509_key.h>

#include <algorithm>

namespace certctl::keys {

namespace {
// PBKDF2 iterations for keys we encrypt: a fixed count (Botan's msec-tuned default is slow and varies)
// in line with OWASP's 2023 advice for PBKDF2-HMAC-SHA-256.
constexpr std::size_t k_pbkdf2_iterations = 310000;
const char* const k_pbes2_oid = "1.2.840.113549.1.5.13";  // RFC 8018 A.4

enum class Form { pkcs8, pkcs8_encrypted, pkcs1, sec1 };

const char* const k_convert_hint =
    "convert it first: openssl pkcs8 -topk8 -v2 aes-256-cbc -in OLD -out NEW (or -nocrypt for a plain key)";

// Tells the four structures apart by their shape (RFC 5958, RFC 8018, RFC 8017 A.1.2, RFC 5915):
//   EncryptedPrivateKeyInfo ::= SEQUENCE { AlgorithmIdentifier, OCTET STRING }
//   PrivateKeyInfo          ::= SEQUENCE { INTEGER, AlgorithmIdentifier, OCTET STRING, ... }
//   RSAPrivateKey           ::= SEQUENCE { INTEGER 0, INTEGER n, ... }
//   ECPrivateKey            ::= SEQUENCE { INTEGER 1, OCTET STRING, [0] curve, [1] public key }
Form classify(const Botan::secure_vector<std::uint8_t>& der) {
    Botan::BER_Decoder top(der);
    Botan::BER_Decoder seq = top.start_cons(Botan::SEQUENCE);
    const Botan::BER_Object first = seq.get_next_object();
    if (first.is_a(Botan::SEQUENCE, Botan::CONSTRUCTED)) {
        return Form::pkcs8_encrypted;
    }
    if (first.is_a(Botan::INTEGER, Botan::UNIVERSAL)) {
        const Botan::BER_Object second = seq.get_next_object();
        if (second.is_a(Botan::SEQUENCE, Botan::CONSTRUCTED)) {
            return Form::pkcs8;
        }
        if (second.is_a(Botan::INTEGER, Botan::UNIVERSAL)) {
            return Form::pkcs1;
        }
        if (second.is_a(Botan::OCTET_STRING, Botan::UNIVERSAL)) {
            return Form::sec1;
        }
    }
    throw Botan::Decoding_Error("not a private key structure");
}

Botan::OID encryption_scheme(const Botan::secure_vector<std::uint8_t>& der) {
    Botan::AlgorithmIdentifier alg;
    Botan::BER_Decoder(der).start_cons(Botan::SEQUENCE).decode(alg);
    return alg.get_oid();
}

std::unique_ptr<Botan::Private_Key> load_sec1(const Botan::secure_vector<std::uint8_t>& der,
                                               Botan::RandomNumberGenerator& rng) {
    std::size_t version = 0;
    Botan::secure_vector<std::uint8_t> scalar;
    Botan::OID curve;
    Botan::BER_Decoder(der)
        .start_cons(Botan::SEQUENCE)
        .decode(version)
        .decode(scalar, Botan::OCTET_STRING)
        .decode_optional(curve, Botan::ASN1_Tag(0), Botan::ASN1_Tag(Botan::CONSTRUCTED | Botan::CONTEXT_SPECIFIC))
        .discard_remaining();
    if (version != 1) {
        throw Botan::Decoding_Error("SEC1 key version is not 1");
    }
    if (curve.empty()) {
        throw Botan::Decoding_Error("SEC1 key does not name its curve");
    }
    return std::make_unique<Botan::ECDSA_PrivateKey>(rng, Botan::EC_Group(curve), Botan::BigInt::decode(scalar));
}

// Encrypted PKCS#8: PBES2 only, and a passphrase is required; a wrong one is told apart from a cipher Botan lacks.
std::unique_ptr<Botan::Private_Key> load_encrypted(const Botan::secure_vector<std::uint8_t>& der,
                                                   Botan::DataSource& src, const std::string& source,
                                                   const std::string& action,
                                                   const std::optional<std::string>& passphrase) {
    if (encryption_scheme(der) != Botan::OID(k_pbes2_oid)) {
        throw core::Error(core::Errc::bad_input, action, source,
                          "the key is encrypted with an old scheme (PKCS#5 v1.5 / PKCS#12 PBE)", k_convert_hint);
    }
    if (!passphrase) {
        throw core::Error(core::Errc::bad_input, action, source, "passphrase required: the key is encrypted",
                          "give its passphrase with --passphrase-file FILE");
    }
    try {
        return Botan::PKCS8::load_key(src, *passphrase);
    } catch (const Botan::Lookup_Error&) {
        throw core::Error(core::Errc::bad_input, action, source,
                          "the key is encrypted with a cipher certctl does not support", k_convert_hint);
    } catch (const Botan::Exception&) {
        // A wrong passphrase shows up as bad padding or, 1 time in 256, as garbage DER.
        throw core::Error(core::Errc::bad_input, action, source, "wrong passphrase (or a damaged key)",
                          "check the passphrase file: its first line is the passphrase");
    }
}

DecodedKey decode_der(const Botan::secure_vector<std::uint8_t>& der, const std::string& source, const std::string& action,
                      const std::optional<std::string>& passphrase, Botan::RandomNumberGenerator& rng) {
    Form form;
    try {
        form = classify(der);
    } catch (const Botan::Exception&) {
        throw core::Error(core::Errc::bad_input, action, source, "not a private key (PEM or DER) that certctl can read",
                          "expected PKCS#8, PKCS#1 (RSA PRIVATE KEY) or SEC1 (EC PRIVATE KEY), in PEM or DER");
    }
    DecodedKey out;
    try {
        Botan::DataSource_Memory src(der);
        switch (form) {
            case Form::pkcs8:
                out.key = Botan::PKCS8::load_key(src);
                out.format = "PKCS#8";
                break;
            case Form::pkcs1:
                out.key = std::make_unique<Botan::RSA_PrivateKey>(
                    Botan::AlgorithmIdentifier("RSA", Botan::AlgorithmIdentifier::USE_NULL_PARAM), der);
                out.format = "PKCS#1";
                break;
            case Form::sec1:
                out.key = load_sec1(der, rng);
                out.format = "SEC1";
                break;
            case Form::pkcs8_encrypted:
                out.encrypted = true;
                out.format = "PKCS#8 encrypted";
                out.key = load_encrypted(der, src, source, action, passphrase);
                break;
        }
    } catch (const core::Error&) {
        throw;
    } catch (const Botan::Exception& e) {
        throw core::Error(core::Errc::bad_input, action, source, std::string("damaged or unsupported key: ") + e.what(),
                          "expected an RSA or EC private key in PKCS#8, PKCS#1 or SEC1 form");
    }
    if (!out.key) {
        throw core::Error(core::Errc::bad_input, action, source, "the key algorithm is not supported",
                          "use an RSA or EC key: " + KeySpec::allowed());
    }
    return out;
}

// PEM as Botan's PEM_Code::encode writes it (64 columns, a newline after each line), without its temporaries:
// Botan builds the base64 text, its wrapped copy and the joined lines in strings it frees unwiped. Here the
// base64 goes line by line from the secure DER into one string of the exact final size (never reallocated),
// which the caller wipes once it is written.
std::string secret_pem(const Botan::secure_vector<std::uint8_t>& der, const std::string& label) {
    constexpr std::size_t k_bytes_per_line = 48;  // 64 base64 characters
    const std::string begin = "-----BEGIN " + label + "-----\n";
    const std::string end = "-----END " + label + "-----\n";
    const std::size_t lines = (der.size() + k_bytes_per_line - 1) / k_bytes_per_line;
    std::string out;
    out.reserve(begin.size() + Botan::base64_encode_max_output(der.size()) + lines + end.size());
    out += begin;
    char line[64 + 4];
    for (std::size_t at = 0; at < der.size(); at += k_bytes_per_line) {
        const std::size_t n = std::min(k_bytes_per_line, der.size() - at);
        std::size_t consumed = 0;
        const std::size_t written = Botan::base64_encode(line, der.data() + at, n, consumed, true);
        out.append(line, written);
        out += '\n';
    }
    Botan::secure_scrub_memory(line, sizeof line);
    out += end;
    return out;
}

bool is_private_key_label(const std::string& label) {
    return label == "PRIVATE KEY" || label == "ENCRYPTED PRIVATE KEY" || label == "RSA PRIVATE KEY" ||
           label == "EC PRIVATE KEY" ||
           (label.size() > 12 && label.compare(label.size() - 12, 12, " PRIVATE KEY") == 0);
}
}  // namespace

DecodedKey decode_private_key(const std::string& contents, const std::string& source, const std::string& action,
                              const std::optional<std::string>& passphrase, Botan::RandomNumberGenerator& rng) {
    if (contents.empty()) {
        throw core::Error(core::Errc::bad_input, action, source, "the file is empty", "is this the right file?");
    }
    // The key in clear: a secure_vector, wiped when it goes (so are the PEM blocks' bytes).
    Botan::secure_vector<std::uint8_t> der;
    if (looks_like_pem(contents)) {
        const std::vector<PemBlock> blocks = split_pem(contents, source, action);
        std::vector<const PemBlock*> keys;
        for (const PemBlock& b : blocks) {
            if (is_private_key_label(b.label)) {
                keys.push_back(&b);
            }
        }
        if (keys.empty()) {
            throw core::Error(core::Errc::bad_input, action, source, "the file holds no private key",
                              "expected a PEM block such as \"-----BEGIN PRIVATE KEY-----\"");
        }
        if (keys.size() > 1) {
            throw core::Error(core::Errc::bad_input, action, source,
                              "the file holds " + std::to_string(keys.size()) + " private keys where one was expected",
                              "split the file and import each key under its own name");
        }
        const PemBlock& block = *keys.front();
        if (block.has_headers) {
            throw core::Error(core::Errc::bad_input, action, source,
                              "legacy OpenSSL-encrypted PEM (\"Proc-Type:\" header) is not supported", k_convert_hint);
        }
        if (block.label != "PRIVATE KEY" && block.label != "ENCRYPTED PRIVATE KEY" &&
            block.label != "RSA PRIVATE KEY" && block.label != "EC PRIVATE KEY") {
            throw core::Error(core::Errc::bad_input, action, source, "unsupported key type \"" + block.label + "\"",
                              "use an RSA or EC key: " + KeySpec::allowed());
        }
        if (block.der.empty()) {
            throw core::Error(core::Errc::bad_input, action, source, "the PEM body is not valid base64",
                              "the file looks damaged; export it again");
        }
        der = block.der;
    } else {
        der.assign(contents.begin(), contents.end());
    }
    DecodedKey out = decode_der(der, source, action, passphrase, rng);
    bool consistent = false;
    try {
        // RSA: the cheap check already ties n, e, d, p and q together. EC: a SEC1/PKCS#8 key may carry a
        // public point that does not belong to its scalar, and only the strong check (sign and verify) sees it.
        consistent = out.key->check_key(rng, out.key->algo_name() != "RSA");
    } catch (const Botan::Exception&) {
        consistent = false;
    }
    if (!consistent) {
        throw core::Error(core::Errc::bad_input, action, source, "the key fails its consistency check",
                          "the file looks damaged; export it again");
    }
    return out;
}

std::string encode_private_key(const Botan::Private_Key& key, const std::optional<std::string>& passphrase,
                               Botan::RandomNumberGenerator& rng) {
    if (!passphrase) {
        return secret_pem(Botan::PKCS8::BER_encode(key), "PRIVATE KEY");
    }
    return Botan::PKCS8::PEM_encode_encrypted_pbkdf_iter(key, rng, *passphrase, k_pbkdf2_iterations, "AES-256/CBC",
                                                          "SHA-256");
}

KeySpec spec_of(const Botan::Public_Key& key, const std::string& source, const std::string& action) {
    KeySpec spec;
    if (key.algo_name() == "RSA") {
        spec = KeySpec{KeySpec::Type::rsa, key.key_length(), ""};
    } else if (key.algo_name() == "ECDSA" || key.algo_name() == "ECDH") {
        const auto& ec = dynamic_cast<const Botan::EC_PublicKey&>(key);
        spec = KeySpec{KeySpec::Type::ec, 0, Botan::OIDS::oid2str_or_empty(ec.domain().get_curve_oid())};
    } else {
        throw core::Error(core::Errc::bad_input, action, source,
                          "key algorithm " + key.algo_name() + " is not supported",
                          "use one of: " + KeySpec::allowed());
    }
    for (const KeySpec& allowed : KeySpec::all()) {
        if (allowed == spec) {
            return spec;
        }
    }
    const std::string what = spec.type == KeySpec::Type::rsa
                                 ? "RSA-" + std::to_string(spec.rsa_bits)
                                 : "EC curve " + (spec.curve.empty() ? "(unnamed)" : spec.curve);
    throw core::Error(core::Errc::bad_input, action, source, what + " is not allowed",
                      "use one of: " + KeySpec::allowed());
}

std::string public_key_pem(const Botan::Public_Key& key) { return Botan::X509::PEM_encode(key); }

std::string public_key_sha256(const Botan::Public_Key& key) {
    const std::vector<std::uint8_t> spki = Botan::X509::BER_encode(key);
    return Botan::hex_encode(Botan::HashFunction::create_or_throw("SHA-256")->process(spki), false);
}

}  // namespace certctl::keys
