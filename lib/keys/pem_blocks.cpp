// lib/keys/pem_blocks.cpp — PEM splitting with errors that say what is wrong with the file.
#include "lib/keys/pem_blocks.h"

#include "lib/core/error.h"

#include <botan/base64.h>
#include <botan/exceptn.h>
#include <botan/pem.h>

namespace certctl::keys {

bool looks_like_pem(const std::string& text) { return text.find("-----BEGIN ") != std::string::npos; }

std::vector<PemBlock> split_pem(const std::string& text, const std::string& source, const std::string& action) {
    std::vector<PemBlock> out;
    for (std::size_t pos = 0; (pos = text.find("-----BEGIN ", pos)) != std::string::npos;) {
        const std::size_t label_end = text.find("-----", pos + 11);
        const std::size_t line_end = text.find('\n', pos);
        if (label_end == std::string::npos || (line_end != std::string::npos && label_end > line_end)) {
            throw core::Error(core::Errc::bad_input, action, source, "malformed PEM: a BEGIN line without its closing dashes",
                              "the file looks damaged; export it again");
        }
        PemBlock block;
        block.label = text.substr(pos + 11, label_end - pos - 11);
        const std::string trailer = "-----END " + block.label + "-----";
        const std::size_t end = text.find(trailer, label_end);
        if (end == std::string::npos) {
            throw core::Error(core::Errc::bad_input, action, source,
                              "truncated PEM: \"-----BEGIN " + block.label + "-----\" has no \"" + trailer + "\"",
                              "the file was cut short; copy or export it again");
        }
        const std::string body = text.substr(label_end + 5, end - label_end - 5);
        block.has_headers = body.find(':') != std::string::npos;
        if (!block.has_headers) {
            try {
                const Botan::secure_vector<std::uint8_t> der = Botan::base64_decode(body);
                block.der.assign(der.begin(), der.end());
            } catch (const Botan::Exception&) {
                block.der.clear();  // the caller reports a block it cannot decode
            }
        }
        out.push_back(std::move(block));
        pos = end + trailer.size();
    }
    return out;
}

std::string pem_encode(const std::vector<std::uint8_t>& der, const std::string& label) {
    return Botan::PEM_Code::encode(der, label);
}

}  // namespace certctl::keys
