// lib/trust/tls_probe.h — `trust probe`: fetch the chain a TLS server sends (libcurl) and say in one line
// why it is or is not trusted by a bundle.
#pragma once
#include "lib/certs/cert_summary.h"
#include "lib/certs/profile.h"
#include "lib/core/clock.h"

#include <botan/x509cert.h>
#include <chrono>
#include <string>
#include <vector>

namespace certctl::trust {

struct ProbeTarget {
    std::string host;        // as in the URL (name or IP literal)
    int port = 443;
    std::string servername;  // SNI and the name the certificate must match (default: host)
};

// "https://HOST[:PORT][/...]"; Error(usage) for anything else.
ProbeTarget parse_probe_url(const std::string& url, const std::string& servername);

struct ServerChain {
    bool reached = false;
    std::string error;                            // why not reached ("Connection refused", "not TLS: ...")
    std::vector<Botan::X509_Certificate> chain;   // as sent, the server's own certificate first
};

// Connects, completes a TLS handshake without judging it, and keeps the certificates the server sent.
ServerChain fetch_server_chain(const ProbeTarget& target, std::chrono::seconds timeout);

struct ProbeVerdict {
    bool trusted = false;
    // "trusted", "unknown_issuer", "incomplete_chain", "expired", "not_yet_valid", "weak_signature",
    // "name_mismatch", "untrusted"
    std::string kind;
    std::string line;                    // the one-line answer
    std::vector<std::string> reasons;    // every reason the validator gave
    std::vector<std::string> codes;      // the stable code of each reason, same order (docs/conformance.md)
    std::string anchor;                  // the bundle certificate that anchors the chain (when trusted)
};

// Pure: judges `chain` against `anchors` for TLS server use with `hostname` at `at`. `fips` adds the FIPS
// filter (SHA-1/MD5 signatures, RSA < 2048) to every certificate sent and to the anchor. `profile` is the rule
// set of `cert verify --profile`.
ProbeVerdict judge_chain(const std::vector<Botan::X509_Certificate>& chain,
                         const std::vector<Botan::X509_Certificate>& anchors, const std::string& bundle,
                         const std::string& hostname, core::TimePoint at, bool fips,
                         certs::Profile profile = certs::k_default_profile);

}  // namespace certctl::trust
