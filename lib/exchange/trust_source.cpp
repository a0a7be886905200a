// lib/exchange/trust_source.cpp — reads trust anchors for `exchange verify` from the store or a file.
#include "lib/exchange/trust_source.h"

#include "lib/core/error.h"
#include "lib/core/file_io.h"
#include "lib/trust/trust_store.h"

#include <botan/data_src.h>

namespace certctl::exchange {

std::vector<Botan::X509_Certificate> trusted_from_store(storage::Database& db, const core::Clock& clock,
                                                        const std::optional<std::string>& bundle) {
    trust::TrustStore store(db, clock);
    if (bundle) {
        if (!store.find(*bundle)) {
            throw core::Error(core::Errc::not_found, "cannot use trust bundle", *bundle, "no such bundle",
                              "see `certctl trust list`, or give the root with --trust-file FILE");
        }
        return store.anchors(*bundle);
    }
    std::vector<Botan::X509_Certificate> out;
    for (const trust::BundleInfo& b : store.list()) {
        const auto anchors = store.anchors(b.name);
        out.insert(out.end(), anchors.begin(), anchors.end());
    }
    return out;
}

std::vector<Botan::X509_Certificate> trusted_from_file(const std::filesystem::path& path) {
    const std::string text = core::read_file(path, "trust file");
    std::vector<Botan::X509_Certificate> out;
    try {
        if (text.find("-----BEGIN") == std::string::npos) {
            out.emplace_back(std::vector<std::uint8_t>(text.begin(), text.end()));
            return out;
        }
        for (std::size_t pos = 0; (pos = text.find("-----BEGIN CERTIFICATE-----", pos)) != std::string::npos;) {
            const std::string trailer = "-----END CERTIFICATE-----";
            const std::size_t end = text.find(trailer, pos);
            if (end == std::string::npos) {
                break;
            }
            Botan::DataSource_Memory src(text.substr(pos, end + trailer.size() - pos));
            out.emplace_back(src);
            pos = end + trailer.size();
        }
    } catch (const Botan::Exception& e) {
        throw core::Error(core::Errc::bad_input, "cannot read trust file", path.string(), e.what(),
                          "expected PEM certificates (the licensing root)");
    }
    if (out.empty()) {
        throw core::Error(core::Errc::bad_input, "cannot read trust file", path.string(), "it holds no certificate",
                          "expected PEM certificates (the licensing root)");
    }
    return out;
}

}  // namespace certctl::exchange
