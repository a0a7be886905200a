// lib/core/pem_text.h — the one PEM reader (RFC 7468): finds the blocks of a text in place, without copying
// it, and decodes base64 bodies. The splitters of lib/keys and lib/certs, the certificate scanner and the CRL
// reader all walk PEM with it; each keeps its own messages and its own choice of base64 decoder.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace certctl::core {

struct PemBlockView {
    std::string_view label;  // "CERTIFICATE", "X509 CRL", "PRIVATE KEY", ...
    std::string_view body;   // between the BEGIN line's closing dashes and "-----END "
    std::string_view whole;  // from "-----BEGIN " to the end of the END marker
};

enum class PemStep {
    block,       // `out` holds the next block; `pos` is past it
    done,        // no further "-----BEGIN "
    open_begin,  // a "-----BEGIN " whose label has no closing dashes (the text is cut short there)
    no_end,      // a block without its END line; `out.label` names it
};

// How a block ends: RFC 7468 repeats the label ("-----END CERTIFICATE-----"); the certificate scanner takes
// any "-----END " so that a mislabelled END still closes its block.
enum class PemEnd { same_label, any };

// True when `text` holds a "-----BEGIN " marker.
bool has_pem_marker(std::string_view text);

// Finds the block at or after `pos`; on `block` moves `pos` past it.
PemStep next_pem_block(std::string_view text, std::size_t& pos, PemBlockView& out,
                       PemEnd end = PemEnd::same_label);

// Every block of `text` in order, up to the first that is cut short; `stop` says why the walk ended (`done`,
// `open_begin` or `no_end`, with `stop_label` naming the block that has no END line).
struct PemSplit {
    std::vector<PemBlockView> blocks;
    PemStep stop = PemStep::done;
    std::string_view stop_label;
};
PemSplit split_pem_text(std::string_view text);

// Base64 with white space and '=' skipped, into `out` (cleared first); false on any other character.
// Lenient and fast: for scanning many files. Use Botan::base64_decode where a malformed body must be refused.
bool base64_decode_lenient(std::string_view in, std::vector<std::uint8_t>& out);

}  // namespace certctl::core
