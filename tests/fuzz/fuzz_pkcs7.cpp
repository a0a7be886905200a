// tests/fuzz/fuzz_pkcs7.cpp — a certificates-only PKCS#7 SignedData (.p7b) in DER, read with certctl's own
// reader over Botan's BER decoder.
#include "lib/certs/pkcs7.h"
#include "tests/fuzz/fuzz_target.h"

using namespace certctl;

CERTCTL_FUZZ_TARGET(pkcs7) {
    const std::vector<std::uint8_t> der(data, data + size);
    (void)certs::looks_like_pkcs7(der);
    const certs::Pkcs7Contents contents = certs::read_pkcs7(der, "fuzz input");
    (void)certs::write_pkcs7(contents.certificates);
}
