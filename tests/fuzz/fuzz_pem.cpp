// tests/fuzz/fuzz_pem.cpp — certctl's own PEM splitter (lib/certs/pem), which reads every block of a file of
// any size instead of trusting Botan's 4 KiB peek.
#include "lib/certs/pem.h"
#include "tests/fuzz/fuzz_target.h"

using namespace certctl;

CERTCTL_FUZZ_TARGET(pem) {
    const std::string text = fuzz::as_string(data, size);
    (void)certs::looks_like_pem(text);
    for (const certs::PemBlock& block : certs::split_pem(text, "fuzz input")) {
        (void)certs::is_private_key_label(block.label);
        if (!block.der.empty()) {
            (void)certs::pem_encode(block.der, block.label);
        }
    }
}
