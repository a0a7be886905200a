// tests/fuzz/fuzz_crl.cpp — a CRL as `crl import` and `crl refresh` read it: PEM or DER, the one-pass parse
// and the two-step header + entry walk, then the entries as the master list stores and prints them.
#include "crl/crl_parser.h"
#include "tests/fuzz/fuzz_target.h"

using namespace certctl;

CERTCTL_FUZZ_TARGET(crl) {
    std::vector<std::uint8_t> der(data, data + size);
    if (crl::looks_like_pem(crl::ByteSpan{data, size})) {
        der = crl::decode_pem_crl(crl::ByteSpan{data, size});
    }
    const crl::ByteSpan span{der.data(), der.size()};
    fuzz::fuzz_guard([&] {
        crl::ParsedCrl two_step = crl::parse_crl_header(span);
        crl::walk_entries(two_step);
    });
    crl::ParsedCrl parsed = crl::parse_crl(span, [](const std::uint8_t*) {});
    for (const crl::Entry& e : parsed.entries) {
        (void)crl::serial_hex(e);
        (void)crl::reason_name(e.reason);
    }
    if (parsed.crl_number) {
        (void)crl::hex(*parsed.crl_number);
    }
    crl::sort_entries_in_two_runs(parsed.entries);
}
