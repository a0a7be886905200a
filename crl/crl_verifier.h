// crl/crl_verifier.h — decides whether a parsed CRL may replace the last good one of its source.
#pragma once
#include "crl/crl_parser.h"

#include <botan/x509cert.h>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace certctl::crl {

// What we know of the last good CRL of the source (from crl_sources).
struct LastGood {
    std::optional<std::vector<std::uint8_t>> crl_number;
    std::optional<std::int64_t> this_update;
    std::optional<std::int64_t> next_update;
};

struct VerifyPolicy {
    std::int64_t now = 0;         // Unix seconds
    std::int64_t clock_skew = 300;  // how far thisUpdate may be ahead of now
};

struct Verdict {
    bool accepted = false;
    bool stale = false;           // nextUpdate has passed (accepted only when nothing better is known)
    std::string error;            // why refused
    std::string issuer_dn;        // "/C=../O=../CN=.." of the CRL issuer
    std::string crl_number_hex;   // empty when the CRL has none
};

// Checks, in order: delta CRLs refused; an issuer certificate among `issuers` whose subject equals the CRL
// issuer and whose SKI equals the CRL's AKI; that it is a CA allowed to sign CRLs (basicConstraints cA and
// keyUsage cRLSign when keyUsage is present); the signature over the TBS bytes; thisUpdate not beyond
// now + skew; the CRL number not lower than the last good one; nextUpdate not passed unless the last good
// is older still. `on_hashed(p)` is called as the TBS is hashed, so a caller may release mapped pages.
// Never throws for a bad CRL: the reason is in Verdict::error.
Verdict verify_crl(const ParsedCrl& crl, const std::vector<Botan::X509_Certificate>& issuers,
                   const std::optional<LastGood>& last, const VerifyPolicy& policy,
                   const std::function<void(const std::uint8_t*)>& on_hashed = {});

// True when the signature over crl.tbs verifies with `issuer`'s key (the algorithm from the CRL).
bool check_crl_signature(const ParsedCrl& crl, const Botan::X509_Certificate& issuer, std::string& why,
                         const std::function<void(const std::uint8_t*)>& on_hashed = {});

// "/C=US/O=Example/CN=Example CA" from a Name TLV.
std::string dn_slash_form(ByteSpan name);

// Numeric compare of big-endian magnitudes: <0, 0, >0.
int compare_magnitude(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b);

}  // namespace certctl::crl
