// policies/check.h — `certctl check`: evaluate files, directories and inventory rows into one report.
#pragma once
#include "lib/certs/revocation_lookup.h"
#include "lib/certs/cert_scan.h"
#include "policies/evaluate.h"
#include "policies/inventory_reader.h"
#include "policies/renewal_status.h"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace certctl::policies {

struct CheckedCert {
    std::string name;    // store name; for files the path (path#N for the Nth certificate of a bundle)
    std::string source;  // "file", or the store row's source: imported | tracked | issued
    std::string path;    // file checked (files, tracked rows)
    std::string subject_cn;
    std::string serial;
    std::string fingerprint;
    std::string purpose;
    std::string state;   // in-service | out-of-service (store rows)
    std::string policy;  // fail-soft | fail-hard (store rows)
    std::optional<core::TimePoint> not_before;
    std::optional<core::TimePoint> not_after;
    Verdict verdict;
    std::optional<RenewalStatus> renewal;  // certificates of local CAs under automatic renewal (add_renewal_status)
};

struct CheckProblem {
    std::string path;
    std::string why;
};

// An alarm that is not about one certificate: today the exchange sync cadence (kind exchange_sync,
// subject the On-Prem UUID). It counts toward the worst severity and the exit code.
struct CheckedAlarm {
    std::string kind;
    std::string subject;
    audit::Severity severity = audit::Severity::minor;
    std::string reason;
};

struct CheckReport {
    core::TimePoint at;
    Thresholds thresholds;
    std::vector<CheckedCert> certs;
    std::vector<CheckProblem> problems;  // unreadable or non-certificate files: reported, skipped
    std::vector<CheckedAlarm> alarms;    // whole-inventory checks only

    std::optional<audit::Severity> worst() const;
    std::size_t count(std::optional<audit::Severity> severity) const;  // nullopt: the ok ones
    const CheckedCert* soonest() const;  // the certificate with the least time left, if any
};

// Files and directories, recursively; no store involved. Never throws for bad files.
void check_files(const std::vector<std::filesystem::path>& paths, const certs::RevocationLookup& revocation,
                 bool fingerprints, CheckReport& report);

// What evaluation knows about a store row: its certificate (tracked: read from its file now).
struct RowFacts {
    CertFacts facts;
    std::optional<certs::ScannedCert> cert;
};
// `invalid` says why a row's certificate (its DER) does not fit its role or chain; nullptr: not checked.
// check_rows calls it from several threads at once.
using InvalidCheck =
    std::function<std::optional<std::string>(const InventoryRow& row, const std::vector<std::uint8_t>& der)>;
RowFacts facts_for(const InventoryRow& row, const certs::RevocationLookup& revocation, const InvalidCheck& invalid);

// Store rows, evaluated at report.at.
void check_rows(const std::vector<InventoryRow>& rows, const certs::RevocationLookup& revocation,
                const InvalidCheck& invalid, CheckReport& report);

// The whole inventory, read and judged at once (rows are judged on other threads while the next are read),
// evaluated at report.at. Returns the names of the rows, in the report's order; each row is released once it
// is in the report. What read_inventory + check_rows give, in less time and memory.
std::vector<std::string> check_inventory(storage::Database& db, const certs::RevocationLookup& revocation,
                                         const InvalidCheck& invalid, CheckReport& report);

// Fills each store row's renewal status (certificates of local CAs, renewal.auto on) at report.at.
void add_renewal_status(storage::Database& db, const core::Config& config, CheckReport& report);

}  // namespace certctl::policies
