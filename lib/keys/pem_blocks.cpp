// lib/keys/pem_blocks.cpp — PEM splitting (core::next_pem_block) with errors that say what is wrong with the file.
#include "lib/keys/pem_blocks.h"

#include "lib/core/error.h"
#include "lib/core/pem_text.h"

#include <algorithm>
#include <botan/base64.h>
#include <botan/exceptn.h>
#include <botan/pem.h>

namespace certctl::keys {

bool looks_like_pem(const std::string& text) { return core::has_pem_marker(text); }

std::vector<PemBlock> split_pem(const std::string& text, const std::string& source, const std::string& action) {
    const core::PemSplit split = core::split_pem_text(text);
    const auto label_spans_lines = [](std::string_view label) { return label.find('\n') != std::string_view::npos; };
    const bool malformed = split.stop == core::PemStep::open_begin ||
                           (split.stop == core::PemStep::no_end && label_spans_lines(split.stop_label)) ||
                           std::any_of(split.blocks.begin(), split.blocks.end(),
                                       [&](const core::PemBlockView& b) { return label_spans_lines(b.label); });
    if (malformed) {
        throw core::Error(core::Errc::bad_input, action, source,
                          "malformed PEM: a BEGIN line without its closing dashes",
                          "the file looks damaged; export it again");
    }
    if (split.stop == core::PemStep::no_end) {
        const std::string label(split.stop_label);
        throw core::Error(core::Errc::bad_input, action, source,
                          "truncated PEM: \"-----BEGIN " + label + "-----\" has no \"-----END " + label + "-----\"",
                          "the file was cut short; copy or export it again");
    }
    std::vector<PemBlock> out;
    for (const core::PemBlockView& view : split.blocks) {
        PemBlock block;
        block.label = std::string(view.label);
        block.has_headers = view.body.find(':') != std::string_view::npos;
        if (!block.has_headers) {
            try {
                // Straight from the text into the block: no temporary copy of a key's base64 left behind.
                block.der = Botan::base64_decode(view.body.data(), view.body.size());
            } catch (const Botan::Exception&) {
                block.der.clear();  // the caller reports a block it cannot decode
            }
        }
        out.push_back(std::move(block));
    }
    return out;
}

std::string pem_encode(const std::vector<std::uint8_t>& der, const std::string& label) {
    return Botan::PEM_Code::encode(der, label);
}

}  // namespace certctl::keys
