// lib/certs/pem.cpp — PEM block splitting over core::next_pem_block (see pem.h).
#include "lib/certs/pem.h"

#include "lib/core/error.h"
#include "lib/core/pem_text.h"

#include <botan/pem.h>

namespace certctl::certs {

bool looks_like_pem(const std::string& text) { return core::has_pem_marker(text); }

std::vector<PemBlock> split_pem(const std::string& text, const std::string& source) {
    const core::PemSplit split = core::split_pem_text(text);
    if (split.stop == core::PemStep::open_begin) {
        throw core::Error(core::Errc::bad_input, "cannot read PEM", source, "a BEGIN line is cut short",
                          "the file looks truncated; copy it again");
    }
    if (split.stop == core::PemStep::no_end) {
        throw core::Error(core::Errc::bad_input, "cannot read PEM", source,
                          "truncated PEM: no \"-----END " + std::string(split.stop_label) + "-----\" line",
                          "the file looks truncated; copy it again");
    }
    std::vector<PemBlock> out;
    for (const core::PemBlockView& view : split.blocks) {
        PemBlock block{std::string(view.label), {}, {}};
        try {
            std::string label;
            block.der = Botan::unlock(Botan::PEM_Code::decode(std::string(view.whole), label));
        } catch (const std::exception& e) {
            block.error = e.what();
        }
        out.push_back(std::move(block));
    }
    return out;
}

bool is_private_key_label(const std::string& l) {
    static const std::string suffix = " PRIVATE KEY";
    return l == "PRIVATE KEY" ||
           (l.size() > suffix.size() && l.compare(l.size() - suffix.size(), suffix.size(), suffix) == 0);
}

std::string pem_encode(const std::vector<std::uint8_t>& der, const std::string& label) {
    return Botan::PEM_Code::encode(der, label);
}

}  // namespace certctl::certs
