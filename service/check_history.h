// service/check_history.h — the `certificate_checks` table: each certificate's last recorded check, so
// the monitor acts on changes (a new condition, a replaced certificate) and paces its notifications.
#pragma once
#include "lib/storage/database.h"

#include <optional>
#include <string>
#include <vector>

namespace certctl::service {

struct PreviousCheck {
    std::string name;
    std::string condition;                     // condition_name() of the verdict
    std::string fingerprint;                   // "" when the certificate could not be read
    std::optional<std::string> last_notified;  // RFC 3339
};

struct CheckRecord {
    std::string name;
    std::string condition;
    std::optional<int> severity;  // audit::Severity as stored; none for a healthy certificate
    std::string fingerprint;
    std::string evaluated;  // RFC 3339
    std::optional<std::string> last_notified;
};

class CheckHistory final {
public:
    explicit CheckHistory(storage::Database& db) : m_db(db) {}

    // Every certificate's last check, sorted by name (read once per evaluation, not once per certificate);
    // find() looks one up.
    std::vector<PreviousCheck> all();
    static const PreviousCheck* find(const std::vector<PreviousCheck>& sorted, const std::string& name);
    // Inserts or replaces the row of `r.name`. Call inside the caller's transaction.
    void save(const CheckRecord& r);
    // Drops the row of a certificate that left the inventory.
    void forget(const std::string& name);

private:
    storage::Database& m_db;
};

}  // namespace certctl::service
