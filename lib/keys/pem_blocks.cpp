// lib/keys/pem_blocks.cpp — PEM splitting (core::next_pem_block) with errors that say what is wrong with the file.
#include "lib/keys/pem_blocks.h"

#include "lib/core/error.h"
#include "lib/core/pem_text.h"

#include <botan/base64.h>
#include <botan/exceptn.h>
#include <botan/pem.h>

namespace certctl::keys {

bool looks_like_pem(const std::string& text) { return core::has_pem_marker(text); }

std::vector<PemBlock> split_pem(const std::string& text, const std::string& source, const std::string& action) {
    std::vector<PemBlock> out;
    std::size_t pos = 0;
    for (core::PemBlockView view;;) {
        const core::PemStep step = core::next_pem_block(text, pos, view);
        if (step == core::PemStep::done) {
            break;
        }
        if (step == core::PemStep::open_begin || view.label.find('\n') != std::string_view::npos) {
            throw core::Error(core::Errc::bad_input, action, source, "malformed PEM: a BEGIN line without its closing dashes",
                              "the file looks damaged; export it again");
        }
        PemBlock block;
        block.label = std::string(view.label);
        if (step == core::PemStep::no_end) {
            const std::string trailer = "-----END " + block.label + "-----";
            throw core::Error(core::Errc::bad_input, action, source,
                              "truncated PEM: \"-----BEGIN " + block.label + "-----\" has no \"" + trailer + "\"",
                              "the file was cut short; copy or export it again");
        }
        block.has_headers = view.body.find(':') != std::string_view::npos;
        if (!block.has_headers) {
            try {
                const Botan::secure_vector<std::uint8_t> der = Botan::base64_decode(std::string(view.body));
                block.der.assign(der.begin(), der.end());
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
