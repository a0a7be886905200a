// lib/certs/tracked_file.cpp — re-reads tracked certificate files (see tracked_file.h).
#include "lib/certs/tracked_file.h"

#include "lib/certs/cert_parser.h"
#include "lib/certs/cert_summary.h"
#include "lib/core/file_io.h"

namespace certctl::certs {

std::optional<std::string> refresh_tracked(CertRecord& record) {
    if (record.source != "tracked" || record.path.empty()) {
        return std::nullopt;
    }
    try {
        const std::vector<Botan::X509_Certificate> certs =
            parse_certificates(core::read_file(record.path, "tracked certificate file"), record.path);
        set_certificate_fields(record, summarize(certs.front()));
        return std::nullopt;
    } catch (const std::exception& e) {
        return std::string(e.what());
    }
}

}  // namespace certctl::certs
