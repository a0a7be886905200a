// lib/exchange/trust_source.cpp — reads trust anchors for `exchange verify` from the store or a file.
#include "lib/exchange/trust_source.h"

#include "lib/core/error.h"
#include "lib/core/file_io.h"

#include <SQLiteCpp/Statement.h>
#include <botan/data_src.h>
#include <botan/pem.h>

namespace certctl::exchange {

std::vector<Botan::X509_Certificate> trusted_from_store(storage::Database& db, const std::optional<std::string>& bundle) {
    std::vector<Botan::X509_Certificate> out;
    try {
        if (bundle) {
            SQLite::Statement exists(db.sql(), "SELECT count(*) FROM trust_bundles WHERE name = ?");
            exists.bind(1, *bundle);
            exists.executeStep();
            if (exists.getColumn(0).getInt() == 0) {
                throw core::Error(core::Errc::not_found, "cannot use trust bundle", *bundle, "no such bundle",
                                  "see `certctl trust list`, or give the root with --trust-file FILE");
            }
        }
        SQLite::Statement q(db.sql(), bundle ? "SELECT der FROM trust_certs WHERE bundle = ? ORDER BY fingerprint"
                                             : "SELECT der FROM trust_certs ORDER BY bundle, fingerprint");
        if (bundle) {
            q.bind(1, *bundle);
        }
        while (q.executeStep()) {
            const SQLite::Column col = q.getColumn(0);
            const auto* p = static_cast<const std::uint8_t*>(col.getBlob());
            const std::vector<std::uint8_t> der(p, p + col.getBytes());
            try {
                out.emplace_back(der);
            } catch (const Botan::Exception&) {
                // a row the trust area stored is unreadable: skip it rather than refuse every file
            }
        }
    } catch (const core::Error&) {
        throw;
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, bundle.value_or("trust bundles"));
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
