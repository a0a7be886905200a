// policies/role_check.h — "invalid" for a stored certificate: wrong role for its purpose, or a chain that
// no longer leads to its trust bundle. Its own validity dates are left to evaluate().
#pragma once
#include "lib/core/clock.h"
#include "lib/storage/database.h"
#include "policies/check.h"
#include "policies/inventory_reader.h"

#include <botan/x509cert.h>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace certctl::policies {

// The anchors of each trust bundle, read from the store once per evaluation instead of once per row, and
// shared by the threads that evaluate rows (one reads the store at a time; the others wait for it).
class BundleAnchors final {
public:
    BundleAnchors(storage::Database& db, const core::Clock& clock) : m_db(db), m_clock(clock) {}
    // Throws what the trust store threw (Error(not_found) for a bundle that is gone), every time it is asked.
    std::vector<Botan::X509_Certificate> get(const std::string& bundle);

private:
    struct Loaded {
        std::vector<Botan::X509_Certificate> anchors;
        std::exception_ptr error;
    };
    storage::Database& m_db;
    const core::Clock& m_clock;
    std::mutex m_mutex;
    std::map<std::string, Loaded> m_bundles;
};

// Why the certificate `der` of `row` is invalid at `at`, or nullopt when it fits. Never throws for bad
// certificates (an unparsable one is invalid); a missing trust bundle is a reason too. Safe to call from
// several threads sharing one `anchors`.
std::optional<std::string> invalid_reason(BundleAnchors& anchors, const InventoryRow& row,
                                          const std::vector<std::uint8_t>& der, core::TimePoint at);

// The two ways invalid_reason answers, each with the same findings text. Without a trust bundle the facts are
// read straight from the DER (certs::scan_role); false when that reader cannot vouch for the certificate
// (`reason` then untouched). With Botan's X509_Certificate: every certificate, and the chain when there is a
// bundle. invalid_reason tries the first, then the second; a unit test holds them equal over every
// certificate the repository has.
bool invalid_reason_fast(const InventoryRow& row, const std::vector<std::uint8_t>& der, core::TimePoint at,
                         std::optional<std::string>& reason);
std::optional<std::string> invalid_reason_botan(BundleAnchors& anchors, const InventoryRow& row,
                                                const std::vector<std::uint8_t>& der, core::TimePoint at);

// invalid_reason at `at` as the InvalidCheck check_rows takes (`anchors` must outlive it).
InvalidCheck invalid_check(BundleAnchors& anchors, core::TimePoint at);

}  // namespace certctl::policies
