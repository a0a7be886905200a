// lib/exchange/exchange_writer.h — writes the four files in the vendor's layout: Ruby-symbol keys
// (`:id_cert:`), PEM in `|-` literal blocks, list items at the parent's indentation, `:data:` first.
#pragma once
#include "lib/core/clock.h"

#include <botan/pk_keys.h>
#include <botan/rng.h>
#include <botan/x509cert.h>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace certctl::exchange {

struct RegistrationRequest {
    std::string instance_id;  // UUID (checked by the caller)
    core::TimePoint exported;
    std::string lcs_csr;      // PEM
    std::string tg_csr;
    std::string ssms_csr;
};

struct SyncRequest {
    std::string sync_version = "2.0.0";
    std::string sync_type = "PARTIAL";       // copied from the last response
    std::string ssms_version;
    std::string id_cert;                     // PEM
    std::string signing_cert;                // PEM
    std::string collector_id;                // UUID
    std::optional<std::string> tg_csr;       // only when the TG's address changed
    std::optional<std::string> ssms_csr;
    std::optional<core::TimePoint> last_sync;
    core::TimePoint last_generated;
};

// The :data: of an authorization (account fields set, sync_type FULL) or of a sync response.
struct ResponseContent {
    std::optional<std::string> status;           // authorization: "success"
    std::optional<std::string> uuid;             // authorization: the request's instance_id
    std::optional<std::string> smart_account;
    std::optional<std::string> account_domain;
    std::vector<std::pair<std::string, std::string>> certificates;  // field -> PEM, written in cert_roles() order
    std::string collector_instance_id;
    std::string satellite_name;
    core::TimePoint last_generated;
    std::optional<core::TimePoint> last_sync;
    std::string sync_type = "FULL";
};

// What signs a response: the signing certificate's key, the certificate, and the root that anchors it.
struct ResponseSigner {
    const Botan::Private_Key& key;
    const Botan::X509_Certificate& cert;
    const Botan::X509_Certificate& root;
    Botan::RandomNumberGenerator& rng;
};

std::string write_registration(const RegistrationRequest& r);
std::string write_sync_request(const SyncRequest& r);
// The whole signed file: "---", ":data:" and its block, then :root_cert_hash:, :signing_cert:, :signature:.
std::string write_response(const ResponseContent& c, const ResponseSigner& signer);

// A scalar as it goes after "key: ": plain when YAML reads it back unchanged, quoted otherwise.
std::string yaml_scalar(const std::string& value);

}  // namespace certctl::exchange
