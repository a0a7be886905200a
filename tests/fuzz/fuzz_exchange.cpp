// tests/fuzz/fuzz_exchange.cpp — an exchange file (YAML) as `exchange show` and `exchange verify` read it:
// the limited YAML reader, the four file kinds, the signed range, the summary, and the verifier.
#include "lib/core/rfc3339.h"
#include "lib/exchange/exchange_file.h"
#include "lib/exchange/exchange_summary.h"
#include "lib/exchange/exchange_verifier.h"
#include "tests/fuzz/fuzz_target.h"

using namespace certctl;

CERTCTL_FUZZ_TARGET(exchange) {
    const std::string text = fuzz::as_string(data, size);
    (void)exchange::find_signed_range(text);
    const exchange::ExchangeFile file = exchange::ExchangeFile::parse(text, "fuzz input");
    (void)file.signed_content();
    (void)file.unsigned_keys();
    (void)exchange::summarise(file);
    try {
        // verify_exchange promises to answer bad content with failed checks, never with an exception.
        (void)exchange::verify_exchange(file, {}, core::from_unix(1767225600));
    } catch (const core::Error& e) {
        std::fprintf(stderr, "verify_exchange threw on file content: %s\n", e.what());
        std::abort();
    }
}
