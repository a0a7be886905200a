// tests/fuzz/fuzz_csr.cpp — a PKCS#10 request (PEM or DER) through certctl's own DER reader (lib/csr), the
// reader `ca issue` and exchange import use for requests from anyone.
#include "lib/csr/request.h"
#include "tests/fuzz/fuzz_target.h"

using namespace certctl;

CERTCTL_FUZZ_TARGET(csr) {
    const csr::Request request = csr::parse_request(fuzz::as_string(data, size), "fuzz input");
    (void)request.pem();
    (void)request.extension(csr::k_subject_alt_name_oid);
}
