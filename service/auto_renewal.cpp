// service/auto_renewal.cpp — the renewal window and the pass that renews what is in it.
#include "service/auto_renewal.h"

#include "lib/audit/alarm_store.h"
#include "lib/ca/local_ca.h"
#include "lib/certs/inventory.h"
#include "lib/core/error.h"
#include "lib/core/rfc3339.h"
#include "lib/keys/key_store.h"
#include "policies/evaluate.h"

#include <botan/auto_rng.h>
#include <algorithm>

namespace certctl::service {

namespace {
constexpr const char* k_alarm_kind = "renewal";
}

core::TimePoint renewal_time(core::TimePoint not_before, core::TimePoint not_after, core::Seconds renew_before,
                             core::Seconds major) {
    const auto lifetime = std::chrono::duration_cast<core::Seconds>(not_after - not_before);
    core::Seconds ahead = renew_before;
    if (ahead.count() == 0) {
        ahead = lifetime / 3;
        ahead = std::max(ahead, major + core::Seconds(86400));  // renewed before the major alarm would fire
    }
    ahead = std::min(ahead, lifetime / 2);
    return not_after - ahead;
}

RenewalPass renew_due(storage::Store& store, const core::Clock& clock,
                      const std::function<void(const std::string&)>& log) {
    RenewalPass pass;
    if (store.config().get("renewal.auto") != "on") {
        return pass;
    }
    const core::Seconds renew_before = store.config().get_duration("renewal.renew_before");
    const core::Seconds major = policies::thresholds_from(store.config()).major;
    const core::TimePoint now = clock.now();
    std::vector<certs::CertRecord> due;
    for (const certs::CertRecord& r : certs::Inventory(store.db()).list()) {
        if (r.source != "issued" || r.state != certs::k_state_in_service || r.not_before.empty() ||
            r.not_after.empty()) {
            continue;
        }
        if (now >= renewal_time(core::parse_time(r.not_before), core::parse_time(r.not_after), renew_before, major)) {
            due.push_back(r);
        }
    }
    if (due.empty()) {
        return pass;
    }
    pass.due = due.size();
    ca::ProfileSet profiles;
    const std::filesystem::path custom = store.paths().root() / "ca-profiles.toml";
    std::error_code ec;
    if (std::filesystem::exists(custom, ec)) {
        profiles.load_file(custom);
    }
    Botan::AutoSeeded_RNG rng;
    ca::LocalCa local(store, clock, rng, profiles);
    keys::KeyStore keystore(store, clock);
    ca::KeyAccess ca_keys;  // unattended: a CA key with a passphrase cannot be used (the alarm says so)
    ca_keys.exists = [&](const std::string& name) { return keystore.find(name).has_value(); };
    ca_keys.load = [&](const std::string& name) { return keystore.load_private(name, std::nullopt); };
    audit::AlarmStore alarms(store.db(), clock);
    for (const certs::CertRecord& r : due) {
        try {
            ca::RenewOptions o;
            o.name = r.name;
            const ca::RenewResult result = local.renew(o, ca_keys, keystore);
            ++pass.renewed;
            store.db().transaction([&] { alarms.clear(k_alarm_kind, r.name, "renewed: serial " + result.new_serial); });
            log("renewed " + r.name + " (" + result.ca + "): serial " + result.old_serial + " -> " + result.new_serial +
                ", valid until " + result.not_after);
        } catch (const std::exception& e) {
            ++pass.failed;
            const std::string why = std::string("automatic renewal failed: ") + e.what() +
                                    " (tried again next pass; `certctl cert renew " + r.name + "` by hand)";
            try {
                store.db().transaction([&] { alarms.raise(k_alarm_kind, r.name, audit::Severity::major, why); });
            } catch (const std::exception&) {
            }
            log(r.name + ": " + why);
        }
    }
    return pass;
}

}  // namespace certctl::service
