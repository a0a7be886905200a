// lib/certs/pem.cpp — PEM block splitting (see pem.h).
#include "lib/certs/pem.h"

#include "lib/core/error.h"

#include <botan/pem.h>

namespace certctl::certs {

bool looks_like_pem(const std::string& text) { return text.find("-----BEGIN ") != std::string::npos; }

std::vector<PemBlock> split_pem(const std::string& text, const std::string& source) {
    std::vector<PemBlock> out;
    for (std::size_t pos = 0; (pos = text.find("-----BEGIN ", pos)) != std::string::npos;) {
        const std::size_t label_end = text.find("-----", pos + 11);
        if (label_end == std::string::npos) {
            throw core::Error(core::Errc::bad_input, "cannot read PEM", source, "a BEGIN line is cut short",
                              "the file looks truncated; copy it again");
        }
        PemBlock block{text.substr(pos + 11, label_end - pos - 11), {}, {}};
        const std::string trailer = "-----END " + block.label + "-----";
        const std::size_t end = text.find(trailer, label_end);
        if (end == std::string::npos) {
            throw core::Error(core::Errc::bad_input, "cannot read PEM", source,
                              "truncated PEM: no \"" + trailer + "\" line",
                              "the file looks truncated; copy it again");
        }
        try {
            std::string label;
            block.der = Botan::unlock(Botan::PEM_Code::decode(text.substr(pos, end + trailer.size() - pos), label));
        } catch (const std::exception& e) {
            block.error = e.what();
        }
        out.push_back(std::move(block));
        pos = end + trailer.size();
    }
    return out;
}

bool is_private_key_label(const std::string& l) {
    static const std::string suffix = " PRIVATE KEY";
    return l == "PRIVATE KEY" || (l.size() > suffix.size() && l.compare(l.size() - suffix.size(), suffix.size(), suffix) == 0);
}

std::string pem_encode(const std::vector<std::uint8_t>& der, const std::string& label) {
    return Botan::PEM_Code::encode(der, label);
}

}  // namespace certctl::certs
