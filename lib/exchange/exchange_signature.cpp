// lib/exchange/exchange_signature.cpp — signing and checking the :data: block; certificates in base64.
#include "lib/exchange/exchange_signature.h"

#include "lib/core/error.h"

#include <botan/base64.h>
#include <botan/data_src.h>
#include <botan/hash.h>
#include <botan/hex.h>
#include <botan/pubkey.h>
#include <cctype>
#include <optional>

namespace certctl::exchange {

namespace {
struct Scheme {
    std::string padding;
    Botan::Signature_Format format;
};

std::optional<Scheme> scheme_for(const Botan::Public_Key& key) {
    if (key.algo_name() == "RSA") {
        return Scheme{"EMSA3(SHA-256)", Botan::IEEE_1363};
    }
    if (key.algo_name() == "ECDSA") {
        return Scheme{"EMSA1(SHA-256)", Botan::DER_SEQUENCE};  // DER, as OpenSSL writes it
    }
    return std::nullopt;
}

std::string strip_space(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        if (!std::isspace(static_cast<unsigned char>(c))) {
            out += c;
        }
    }
    return out;
}
}  // namespace

std::vector<std::uint8_t> sign_content(const std::string& content, const Botan::Private_Key& key,
                                       Botan::RandomNumberGenerator& rng) {
    const auto scheme = scheme_for(key);
    if (!scheme) {
        throw core::Error(core::Errc::usage, "cannot sign exchange file", key.algo_name(),
                          "only RSA and ECDSA keys sign exchange files", "use an RSA or EC signing key");
    }
    Botan::PK_Signer signer(key, rng, scheme->padding, scheme->format);
    return signer.sign_message(reinterpret_cast<const std::uint8_t*>(content.data()), content.size(), rng);
}

bool verify_content(const std::string& content, const Botan::Public_Key& key, const std::vector<std::uint8_t>& sig) {
    const auto scheme = scheme_for(key);
    if (!scheme) {
        return false;
    }
    try {
        Botan::PK_Verifier verifier(key, scheme->padding, scheme->format);
        return verifier.verify_message(reinterpret_cast<const std::uint8_t*>(content.data()), content.size(),
                                       sig.data(), sig.size());
    } catch (const Botan::Exception&) {
        return false;  // a malformed DER signature is a wrong signature
    }
}

std::string root_cert_hash(const Botan::X509_Certificate& root) {
    const auto sha = Botan::HashFunction::create_or_throw("SHA-256");
    const std::vector<std::uint8_t> der = root.BER_encode();
    return Botan::base64_encode(sha->process(der));
}

std::optional<std::vector<std::uint8_t>> decode_base64(const std::string& text) {
    const std::string clean = strip_space(text);
    if (clean.empty()) {
        return std::nullopt;
    }
    try {
        const Botan::secure_vector<std::uint8_t> out = Botan::base64_decode(clean);
        return std::vector<std::uint8_t>(out.begin(), out.end());
    } catch (const Botan::Exception&) {
        return std::nullopt;
    }
}

Botan::X509_Certificate decode_certificate(const std::string& text, const std::string& what) {
    std::vector<std::uint8_t> bytes;
    if (text.find("-----BEGIN") != std::string::npos) {
        bytes.assign(text.begin(), text.end());
    } else if (auto decoded = decode_base64(text)) {
        bytes = std::move(*decoded);
    } else {
        throw core::Error(core::Errc::bad_input, "cannot read certificate", what, "it is neither PEM nor base64");
    }
    try {
        Botan::DataSource_Memory src(bytes);  // DER, or the PEM that base64 wrapped
        return Botan::X509_Certificate(src);
    } catch (const Botan::Exception& e) {
        throw core::Error(core::Errc::bad_input, "cannot read certificate", what, e.what());
    }
}

std::string base64_lines(const std::vector<std::uint8_t>& bytes) {
    const std::string b64 = Botan::base64_encode(bytes);
    std::string out;
    for (std::size_t i = 0; i < b64.size(); i += 60) {
        out += b64.substr(i, 60);
        out += '\n';
    }
    return out;
}

}  // namespace certctl::exchange
