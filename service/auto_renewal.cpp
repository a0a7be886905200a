// service/auto_renewal.cpp — the renewal window and the pass that renews what is in it.
#include "service/auto_renewal.h"

#include "lib/audit/alarm_store.h"
#include "lib/ca/local_ca.h"
#include "lib/certs/inventory.h"
#include "lib/certs/renewal_retries.h"
#include "lib/core/error.h"
#include "lib/core/rfc3339.h"
#include "lib/keys/key_store.h"
#include "policies/evaluate.h"
#include "policies/renewal_status.h"

#include <botan/auto_rng.h>
#include <algorithm>
#include <map>

namespace certctl::service {

namespace {
constexpr const char* k_alarm_kind = "renewal";

void keep_earliest(RenewalPass& pass, core::TimePoint next) {
    pass.next_try = pass.next_try ? std::min(*pass.next_try, next) : next;
}

// The names of the issued, in-service certificates inside their renewal window and not waiting out a backoff
// (counted in `pass`).
std::vector<std::string> due_names(storage::Store& store, core::TimePoint now,
                                   const std::map<std::string, certs::RenewalRetry>& backoff, RenewalPass& pass) {
    const core::Seconds renew_before = store.config().get_duration("renewal.renew_before");
    const core::Seconds major = policies::thresholds_from(store.config()).major;
    std::vector<std::string> due;
    for (const certs::Inventory::IssuedDates& r : certs::Inventory(store.db()).issued_in_service()) {
        if (now < policies::renewal_time(core::parse_time(r.not_before), core::parse_time(r.not_after), renew_before,
                                         major)) {
            continue;
        }
        ++pass.due;
        if (const auto b = backoff.find(r.name); b != backoff.end()) {
            const core::TimePoint next = core::parse_time(b->second.next_try);
            if (now < next) {
                ++pass.waiting;
                keep_earliest(pass, next);
                continue;
            }
        }
        due.push_back(r.name);
    }
    return due;
}

// Renews `due` with the store's CAs and profiles, unattended: a CA key with a passphrase cannot be used (the
// alarm says so).
ca::LocalCa::BatchRenewal renew_batch(storage::Store& store, const core::Clock& clock,
                                      const std::vector<std::string>& due) {
    ca::ProfileSet profiles;
    const std::filesystem::path custom = store.paths().root() / "ca-profiles.toml";
    std::error_code ec;
    if (std::filesystem::exists(custom, ec)) {
        profiles.load_file(custom);
    }
    Botan::AutoSeeded_RNG rng;
    ca::LocalCa local(store, clock, rng, profiles);
    keys::KeyStore keystore(store, clock);
    ca::KeyAccess ca_keys;
    ca_keys.exists = [&](const std::string& name) { return keystore.find(name).has_value(); };
    ca_keys.load = [&](const std::string& name) { return keystore.load_private(name, std::nullopt); };
    return local.renew_many(due, ca_keys, keystore);
}

// The alarms of many renewals in one transaction, as the renewals were stored.
void clear_alarms(storage::Store& store, audit::AlarmStore& alarms, const std::vector<ca::RenewResult>& renewed,
                  const std::function<void(const std::string&)>& log) {
    try {
        store.db().transaction([&] {
            for (const ca::RenewResult& r : renewed) {
                alarms.clear(k_alarm_kind, r.name, "renewed: serial " + r.new_serial);
            }
        });
    } catch (const std::exception& e) {
        log(std::string("renewal alarms not cleared: ") + e.what());
    }
    for (const ca::RenewResult& r : renewed) {
        log("renewed " + r.name + " (" + r.ca + "): serial " + r.old_serial + " -> " + r.new_serial +
            ", valid until " + r.not_after);
    }
}

// Each failure starts or lengthens its backoff and raises its alarm, all in one transaction.
void record_failures(storage::Store& store, audit::AlarmStore& alarms, certs::RenewalRetries& retries,
                     const std::vector<ca::RenewFailure>& failed, core::TimePoint now, RenewalPass& pass,
                     const std::function<void(const std::string&)>& log) {
    const core::Seconds initial = store.config().get_duration("renewal.retry_initial");
    const core::Seconds cap = store.config().get_duration("renewal.retry_max");
    std::vector<std::string> lines;
    try {
        store.db().transaction([&] {
            lines.clear();
            for (const ca::RenewFailure& f : failed) {
                const certs::RenewalRetry r = retries.failed(f.name, now, f.error, initial, cap);
                const std::string why = "automatic renewal failed (" + std::to_string(r.failures) + " time" +
                                        (r.failures == 1 ? "" : "s") + "): " + f.error + " (tried again from " +
                                        r.next_try + "; `certctl cert renew " + f.name + "` by hand)";
                alarms.raise(k_alarm_kind, f.name, audit::Severity::major, why);
                lines.push_back(f.name + ": " + why);
                keep_earliest(pass, core::parse_time(r.next_try));
            }
        });
    } catch (const std::exception& e) {
        log(std::string("renewal failures not recorded: ") + e.what());
    }
    for (const std::string& line : lines) {
        log(line);
    }
}
}  // namespace

RenewalPass renew_due(storage::Store& store, const core::Clock& clock,
                      const std::function<void(const std::string&)>& log) {
    RenewalPass pass;
    if (store.config().get("renewal.auto") != "on") {
        return pass;
    }
    const core::TimePoint now = clock.now();
    certs::RenewalRetries retries(store.db());
    const std::vector<std::string> due = due_names(store, now, retries.all(), pass);
    if (due.empty()) {
        return pass;
    }
    const ca::LocalCa::BatchRenewal batch = renew_batch(store, clock, due);
    pass.renewed = batch.renewed.size();
    pass.failed = batch.failed.size();
    audit::AlarmStore alarms(store.db(), clock);
    clear_alarms(store, alarms, batch.renewed, log);
    record_failures(store, alarms, retries, batch.failed, now, pass, log);
    return pass;
}

}  // namespace certctl::service
