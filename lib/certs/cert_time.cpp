// lib/certs/cert_time.cpp — ASN.1 time -> TimePoint through the text Botan prints for every year.
#include "lib/certs/cert_time.h"

#include "lib/certs/cert_summary.h"
#include "lib/core/rfc3339.h"

namespace certctl::certs {

core::TimePoint time_point(const Botan::X509_Time& t) {
    // time_rfc3339 reads Botan's calendar fields (readable_string), which hold any year; parse_time then
    // counts the seconds itself and saturates through core::from_unix.
    return core::parse_time(time_rfc3339(t), "certificate time");
}

}  // namespace certctl::certs
