// tests/fuzz/fuzz_pkcs7.cpp — a certificates-only PKCS#7 SignedData (.p7b) in DER, read with certctl's own
// reader over Botan's BER decoder and walked with the zero-copy certificate walk of `check`'s file scanner.
#include "lib/certs/pkcs7.h"
#include "tests/fuzz/fuzz_target.h"

using namespace certctl;

CERTCTL_FUZZ_TARGET(pkcs7) {
    const std::uint8_t* p = data;
    core::Tlv top;
    if (core::next_tlv(p, data + size, top)) {
        std::size_t certificates = 0;
        (void)certs::for_each_pkcs7_certificate(top, [&](const core::Tlv& cert) { certificates += cert.whole.size; });
    }
    const std::vector<std::uint8_t> der(data, data + size);
    (void)certs::looks_like_pkcs7(der);
    const certs::Pkcs7Contents contents = certs::read_pkcs7(der, "fuzz input");
    (void)certs::write_pkcs7(contents.certificates);
}
