// service/auto_renewal.h — `watch` renews the certificates of local CAs when they enter their renewal window.
#pragma once
#include "lib/core/clock.h"
#include "lib/storage/store.h"

#include <functional>
#include <string>

namespace certctl::service {

// When a certificate valid from `not_before` to `not_after` is due for renewal: `renew_before` ahead of notAfter,
// or, when that is 0, a third of its lifetime ahead, moved earlier to 24 h before the major alarm would fire
// where the lifetime allows. Never more than half the lifetime ahead: a certificate just renewed is never due.
core::TimePoint renewal_time(core::TimePoint not_before, core::TimePoint not_after, core::Seconds renew_before,
                             core::Seconds major);

struct RenewalPass {
    std::size_t due = 0;
    std::size_t renewed = 0;
    std::size_t failed = 0;
};

// One pass over the inventory (renewal.auto on): every in-service certificate a local CA issued whose renewal
// time has come is renewed with the same key (ca::LocalCa::renew, audited with old and new serial); a failure
// (an encrypted CA key, an expired CA) raises a major alarm of kind "renewal" and is tried again next pass;
// success clears it. The changes go to deploy targets and hooks through the pending changes (ChangeRunner).
RenewalPass renew_due(storage::Store& store, const core::Clock& clock,
                      const std::function<void(const std::string&)>& log);

}  // namespace certctl::service
