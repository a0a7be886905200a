// lib/certs/cert_time.h — a certificate's ASN.1 times on certctl's clock, for every year one can carry.
#pragma once
#include "lib/core/clock.h"

#include <botan/asn1_obj.h>  // X509_Time (asn1_time.h only forwards here, deprecated)

namespace certctl::certs {

// GeneralizedTime goes to 9999. Botan 2.19's X509_Time::to_std_timepoint() throws for years before 1970 and
// from 2400 on, and overflows the clock's nanoseconds from 2262; this saturates like core::from_unix instead:
// a notAfter beyond the clock's range (RFC 5280's "no expiry" 99991231235959Z) reads as TimePoint::max().
// Library code converts certificate times with this, never with to_std_timepoint(). For the date as text,
// use time_rfc3339 (cert_summary.h), which keeps the year as written.
core::TimePoint time_point(const Botan::X509_Time& t);

}  // namespace certctl::certs
