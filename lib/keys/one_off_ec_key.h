// lib/keys/one_off_ec_key.h — a new EC private key made without Botan's per-curve tables, for a process that
// makes one key and only stores it.
#pragma once
#include "lib/keys/key_spec.h"

#include <botan/bigint.h>
#include <botan/pk_keys.h>
#include <botan/rng.h>
#include <memory>

namespace certctl::keys {

// Botan 2.19 builds a table of multiples of a curve's base point the first time a process uses the curve
// (EC_Group): 22 M instructions for P-256, seven times everything else `certctl key generate` does. The
// table pays off over many multiplications; a process that makes one key and signs nothing with it never
// gets it back. This key is made with one blinded multiplication of the base point instead (Botan's
// side-channel-protected variable-point code, the one ECDH uses), and encodes exactly as Botan's
// ECDSA_PrivateKey does (PKCS#8 with the named curve, SubjectPublicKeyInfo, PEM): a unit test holds the bytes
// identical for the same scalar. It can be encoded, not used: signing with it throws (load the stored key).
// `spec` must be an EC spec of KeySpec::all().
std::unique_ptr<Botan::Private_Key> make_one_off_ec_key(const KeySpec& spec, Botan::RandomNumberGenerator& rng);

// The same key from a given scalar (1 <= scalar < the curve's order), for the test that compares encodings.
std::unique_ptr<Botan::Private_Key> one_off_ec_key_from(const KeySpec& spec, const Botan::BigInt& scalar,
                                                        Botan::RandomNumberGenerator& rng);

}  // namespace certctl::keys
