// lib/ca/renewal.h — renewing a certificate its CA is not certctl's: a fresh CSR from what the store holds, kept
// so that the next `cert import NAME` completes the renewal (local CAs renew with LocalCa::renew).
#pragma once
#include "lib/core/clock.h"
#include "lib/storage/store.h"

#include <botan/pk_keys.h>
#include <botan/rng.h>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace certctl::ca {

struct ExternalRenewal {
    std::string name;
    std::string key_name;
    std::string subject;
    std::string sans;  // "DNS:a, IP:b"
    std::string csr_pem;
    std::string path;       // where it was written ("" without csr_out)
    std::string requested;  // RFC 3339
};

// A CSR for the certificate NAME: its subject and SANs, signed with its key from the store (`load_key`, by name:
// the row's key, else the key called NAME), written atomically to `csr_out` when given, and recorded as a pending
// renewal (system.generate_csr with "renewal_of"). Errors: not_found (name), usage (a tracked file), bad_input
// (the key is not in the store or is not the certificate's), cannot_write (csr_out).
ExternalRenewal request_external_renewal(
    storage::Store& store, const core::Clock& clock, Botan::RandomNumberGenerator& rng, const std::string& name,
    const std::function<std::unique_ptr<Botan::Private_Key>(const std::string&)>& load_key,
    const std::filesystem::path& csr_out);

}  // namespace certctl::ca
