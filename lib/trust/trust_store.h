// lib/trust/trust_store.h — named trust bundles (tables trust_bundles, trust_certs): add with a report,
// list, show, export (PEM or PKCS#7), remove, and the anchors path validation uses.
#pragma once
#include "lib/certs/cert_facts.h"
#include "lib/certs/validation_mode.h"
#include "lib/core/clock.h"
#include "lib/storage/database.h"

#include <botan/x509cert.h>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace certctl::trust {

// Bundle files may be large (Debian's is 200 KB; vendors ship thousands of certificates).
inline constexpr std::uint64_t k_max_bundle_file_size = 64ULL << 20;

// Each certificate read lands in exactly one bucket; attempted is their sum. would_install: a certificate
// that was fine in a report refused as a whole (strict mode), so nothing was installed.
enum class Outcome { installed, duplicate, expired, rejected, would_install };
// "installed", "duplicate", "expired", "rejected", "would_install": the names in `trust add --json`.
const char* outcome_name(Outcome o);

struct ReportEntry {
    Outcome outcome = Outcome::rejected;
    std::string subject;      // "" when unparsable
    std::string fingerprint;  // "" when unparsable
    std::string not_after;
    std::string reason;       // why expired/rejected/duplicate, or a warning for an installed one
    std::string source;       // "file.pem: certificate 3"
};

struct AddReport {
    std::string bundle;
    std::string mode;  // "strict" | "warn"
    bool fips = false;
    std::size_t attempted = 0, installed = 0, duplicates = 0, expired = 0, rejected = 0;
    // What would be installed without the refusal: equal to `installed`, except in a refused report, where
    // `installed` is 0 (nothing was) and this says how many certificates were fine.
    std::size_t would_install = 0;
    std::vector<ReportEntry> entries;
    std::vector<std::string> notes;  // e.g. CRLs or signers in a .p7b that were not taken
    bool refused = false;            // strict and something expired or rejected: nothing was installed
};

struct BundleInfo {
    std::string name;
    std::string validation_mode;
    std::string created;
    std::size_t certificates = 0;
    std::size_t expired = 0;  // at the clock's now
};

struct TrustCert {
    std::string fingerprint;
    std::string subject;
    std::string not_after;
    std::string added;
    std::vector<std::uint8_t> der;
};

class TrustStore final {
public:
    TrustStore(storage::Database& db, const core::Clock& clock);

    // Reads `files` (PEM, DER, PKCS#7 PEM or DER) into `bundle`, creating it. `mode` empty: the bundle's
    // mode, or `default_mode` for a new bundle; given: also becomes the bundle's mode. Whole-file problems
    // (missing: not_found; private key, empty, garbage, truncated: bad_input) throw before anything changes.
    // strict with any expired or rejected certificate returns refused=true and changes nothing.
    AddReport add(const std::string& bundle, const std::vector<std::string>& files,
                  std::optional<certs::ValidationMode> mode, certs::ValidationMode default_mode, bool fips);

    std::vector<BundleInfo> list();
    std::optional<BundleInfo> find(const std::string& bundle);
    // Error(not_found) for an unknown bundle (as every call below).
    std::vector<TrustCert> certificates(const std::string& bundle);
    std::vector<Botan::X509_Certificate> anchors(const std::string& bundle);
    // Every certificate of `bundle` (of all bundles when none is named) that parses, skipping those that do
    // not; an unknown bundle has none. For CRL issuers and TLS anchors, where one bad row must not hide the rest.
    std::vector<Botan::X509_Certificate> readable_certificates(const std::optional<std::string>& bundle);
    std::string export_pem(const std::string& bundle);
    std::vector<std::uint8_t> export_p7b(const std::string& bundle);
    void remove(const std::string& bundle);
    // Removes one certificate by SHA-256 fingerprint (Error(not_found) if not in the bundle).
    void remove_certificate(const std::string& bundle, const std::string& fingerprint);

private:
    BundleInfo require(const std::string& bundle);
    // One certificate's bucket and reason; `present` holds the fingerprints already in the bundle.
    ReportEntry classify(const certs::CertFacts& facts, const std::set<std::string>& present,
                         certs::ValidationMode mode, bool fips, const Botan::X509_Time& now) const;
    // Creates the bundle (or updates its mode when one was given) and inserts the accepted certificates.
    void insert(const std::string& bundle, bool exists, std::optional<certs::ValidationMode> mode,
                const std::string& mode_name, const std::vector<certs::CertFacts>& facts,
                const std::vector<std::vector<std::uint8_t>>& ders);

    storage::Database& m_db;
    const core::Clock& m_clock;
};

}  // namespace certctl::trust
