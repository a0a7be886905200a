// lib/keys/key_spec.cpp — the table of key algorithms certctl makes and accepts.
#include "lib/keys/key_spec.h"

#include "lib/core/error.h"

#include <algorithm>
#include <cctype>

namespace certctl::keys {

namespace {
// RSA: every multiple of 256 from 2048 to 4096 (the contract). Smaller keys are too weak, larger ones are
// slow to make and to use, and odd sizes trip up some peers.
constexpr std::size_t k_rsa_min_bits = 2048;
constexpr std::size_t k_rsa_max_bits = 4096;
constexpr std::size_t k_rsa_step_bits = 256;

// EC: the NIST curves every TLS stack and OpenSSL speak. Aliases name the same curve in other tools' words.
struct Curve {
    const char* name;
    std::size_t bits;
    std::vector<const char*> aliases;
};
const std::vector<Curve> k_curves = {
    {"secp256r1", 256, {"p-256", "p256", "prime256v1", "nistp256"}},
    {"secp384r1", 384, {"p-384", "p384", "nistp384"}},
    {"secp521r1", 521, {"p-521", "p521", "nistp521"}},
};

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

[[noreturn]] void refuse(const std::string& text, const std::string& why) {
    throw core::Error(core::Errc::usage, "unsupported key algorithm", text, why,
                      "use one of: " + KeySpec::allowed());
}
}  // namespace

KeySpec KeySpec::parse(const std::string& text) {
    const std::string t = lower(text);
    const std::size_t colon = t.find(':');
    const std::string family = t.substr(0, colon);
    const std::string param = colon == std::string::npos ? std::string() : t.substr(colon + 1);
    if (family == "rsa") {
        if (param.empty() || param.size() > 5 ||
            !std::all_of(param.begin(), param.end(), [](unsigned char c) { return std::isdigit(c) != 0; })) {
            refuse(text, "RSA needs a size in bits, e.g. rsa:3072");
        }
        const std::size_t bits = std::stoul(param);
        if (bits < k_rsa_min_bits || bits > k_rsa_max_bits || bits % k_rsa_step_bits != 0) {
            refuse(text, "RSA keys are 2048 to 4096 bits in steps of 256");
        }
        return KeySpec{Type::rsa, bits, ""};
    }
    const auto curve_named = [](const std::string& name) -> const Curve* {
        for (const Curve& c : k_curves) {
            if (name == c.name ||
                std::any_of(c.aliases.begin(), c.aliases.end(), [&](const char* a) { return name == a; })) {
                return &c;
            }
        }
        return nullptr;
    };
    if (family == "ec" || family == "ecc" || family == "ecdsa") {
        if (const Curve* c = curve_named(param)) {
            return KeySpec{Type::ec, 0, c->name};
        }
        refuse(text, param.empty() ? "EC needs a curve, e.g. ec:secp256r1" : "curve not supported");
    }
    // A bare curve name, as OpenSSL and other tools write it (P-256, prime256v1, secp384r1).
    if (colon == std::string::npos) {
        if (const Curve* c = curve_named(t)) {
            return KeySpec{Type::ec, 0, c->name};
        }
    }
    refuse(text, "expected rsa:BITS or ec:CURVE");
}

std::string KeySpec::to_string() const {
    return type == Type::rsa ? "rsa:" + std::to_string(rsa_bits) : "ec:" + curve;
}

std::size_t KeySpec::bits() const {
    if (type == Type::rsa) {
        return rsa_bits;
    }
    for (const Curve& c : k_curves) {
        if (curve == c.name) {
            return c.bits;
        }
    }
    return 0;
}

std::vector<KeySpec> KeySpec::all() {
    std::vector<KeySpec> out;
    for (std::size_t bits = k_rsa_min_bits; bits <= k_rsa_max_bits; bits += k_rsa_step_bits) {
        out.push_back(KeySpec{Type::rsa, bits, ""});
    }
    for (const Curve& c : k_curves) {
        out.push_back(KeySpec{Type::ec, 0, c.name});
    }
    return out;
}

std::string KeySpec::allowed() {
    std::string out;
    for (const KeySpec& spec : all()) {
        out += (out.empty() ? "" : ", ") + spec.to_string();
    }
    return out;
}

}  // namespace certctl::keys
