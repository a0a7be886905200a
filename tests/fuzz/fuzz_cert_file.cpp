// tests/fuzz/fuzz_cert_file.cpp — a certificate file as an operator hands it over: PEM (many blocks), DER or
// PKCS#7 (PEM or DER), then what `cert show` and a bundle import read from each certificate.
#include "lib/certs/cert_facts.h"
#include "lib/certs/cert_parser.h"
#include "lib/certs/cert_summary.h"
#include "tests/fuzz/fuzz_target.h"

using namespace certctl;

CERTCTL_FUZZ_TARGET(cert_file) {
    const std::string bytes = fuzz::as_string(data, size);
    (void)certs::contains_private_key(bytes);
    const certs::CertFile file = certs::read_certificate_file(bytes, "fuzz input");
    for (const certs::CertItem& item : file.items) {
        if (item.cert) {
            (void)certs::to_json(certs::summarize(*item.cert));
        }
        if (!item.der.empty()) {
            fuzz::fuzz_guard([&] { (void)certs::read_cert_facts(item.der); });
        }
    }
}
