// service/auto_renewal.h — `watch` renews the certificates of local CAs when they enter their renewal window.
#pragma once
#include "lib/core/clock.h"
#include "lib/storage/store.h"

#include <functional>
#include <optional>
#include <string>

namespace certctl::service {

struct RenewalPass {
    std::size_t due = 0;
    std::size_t renewed = 0;
    std::size_t failed = 0;
    std::size_t waiting = 0;                  // due, but a failed renewal's backoff has not run out yet
    std::optional<core::TimePoint> next_try;  // the earliest end of such a backoff
};

// One pass over the inventory (renewal.auto on): every in-service certificate a local CA issued whose renewal
// time has come is renewed with the same key, all of them in one batch (ca::LocalCa::renew_many: per CA one key
// load, parallel signing, one transaction; each audited with old and new serial). A failure (an encrypted CA key,
// an expired CA) raises a major alarm of kind "renewal" and is tried again after a growing backoff
// (renewal.retry_initial, doubled after each failure up to renewal.retry_max, kept in the store so a restarted
// watch keeps to it); success clears both. The changes go to deploy targets and hooks through the pending
// changes (ChangeRunner).
RenewalPass renew_due(storage::Store& store, const core::Clock& clock,
                      const std::function<void(const std::string&)>& log);

}  // namespace certctl::service
