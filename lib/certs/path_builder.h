// lib/certs/path_builder.h — every candidate path from an end entity to a trust anchor, depth first with
// backtracking, within fixed bounds. Botan 2.19 builds one path and has no bound: a set of CAs sharing one
// subject makes it search for minutes, and a path that only works through a second issuer is never found.
#pragma once
#include <botan/x509cert.h>
#include <cstddef>
#include <functional>
#include <vector>

namespace certctl::certs {

// The fixed bounds (docs/conformance.md): at most this many complete candidate paths are handed to the
// validator, at most this many signatures are checked to choose between issuers of the same name, and no
// path is longer than max_depth certificates. An ordinary chain uses one candidate and no extra signature.
struct PathBounds {
    std::size_t max_candidates = 32;
    std::size_t max_signature_checks = 256;
    std::size_t max_depth = 16;
};

using CandidatePath = std::vector<const Botan::X509_Certificate*>;  // end entity first, a trust anchor last

struct PathSearch {
    enum class Outcome { accepted, exhausted, gave_up } outcome = Outcome::exhausted;
    std::size_t candidates = 0;        // complete paths handed to `try_path`
    std::size_t signature_checks = 0;  // signatures checked while choosing issuers
};

// Calls `try_path` with each candidate path, best first (anchors before intermediates, issuers whose subject key
// identifier matches the authority key identifier first, a certificate never twice in one path, and no CA --
// same subject and key -- twice either, which cuts cross-signing loops) until it returns true (accepted), the
// candidates run out (exhausted) or a bound is reached (gave_up).
PathSearch search_paths(const Botan::X509_Certificate& end_entity,
                        const std::vector<Botan::X509_Certificate>& untrusted,
                        const std::vector<Botan::X509_Certificate>& anchors, const PathBounds& bounds,
                        const std::function<bool(const CandidatePath&)>& try_path);

}  // namespace certctl::certs
