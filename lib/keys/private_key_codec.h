// lib/keys/private_key_codec.h — reading private keys in the forms operators bring, writing them as PKCS#8 PEM.
#pragma once
#include "lib/keys/key_spec.h"

#include <botan/pk_keys.h>
#include <botan/rng.h>
#include <memory>
#include <optional>
#include <string>

namespace certctl::keys {

struct DecodedKey {
    std::unique_ptr<Botan::Private_Key> key;
    std::string format;      // "PKCS#8", "PKCS#8 encrypted", "PKCS#1", "SEC1"
    bool encrypted = false;  // the input was encrypted
};

// Reads one private key from PEM (PRIVATE KEY, ENCRYPTED PRIVATE KEY, RSA PRIVATE KEY, EC PRIVATE KEY) or DER
// (the same structures, recognised by their shape). `action` and `source` go into errors ("cannot import key",
// the file name). Throws Error(bad_input) for: empty, garbage, truncated, no key or two keys, a legacy
// OpenSSL-encrypted PEM or PBES1 (with a conversion hint), an encrypted key without passphrase
// ("passphrase required"), a wrong passphrase ("wrong passphrase"), a key that fails its consistency check.
DecodedKey decode_private_key(const std::string& contents, const std::string& source, const std::string& action,
                              const std::optional<std::string>& passphrase, Botan::RandomNumberGenerator& rng);

// PKCS#8 PEM; with a passphrase PBES2 (PBKDF2-HMAC-SHA-256, AES-256-CBC), which OpenSSL reads with -passin.
std::string encode_private_key(const Botan::Private_Key& key, const std::optional<std::string>& passphrase,
                               Botan::RandomNumberGenerator& rng);

// The spec of the table this key matches; Error(bad_input) naming `source` when it matches none
// (e.g. RSA-1024, P-224, Ed25519).
KeySpec spec_of(const Botan::Public_Key& key, const std::string& source, const std::string& action);

std::string public_key_pem(const Botan::Public_Key& key);
// SHA-256 of the DER SubjectPublicKeyInfo, lower-case hex.
std::string public_key_sha256(const Botan::Public_Key& key);

}  // namespace certctl::keys
