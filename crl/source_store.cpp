// crl/source_store.cpp — crl_sources rows; issuer certificates for verification.
#include "crl/source_store.h"

#include "lib/certs/inventory.h"
#include "lib/core/error.h"
#include "lib/core/file_io.h"
#include "lib/storage/row.h"
#include "lib/trust/trust_store.h"

#include <botan/data_src.h>
#include <botan/pem.h>
#include <botan/x509_ext.h>
#include <algorithm>

namespace certctl::crl {

namespace {
const char* k_columns =
    "name, url, issuer_pem, trust_bundle, tls_bundle, polling_interval, backoff_interval, etag, last_modified, "
    "crl_number, issuer, this_update, next_update, entries, size, last_attempt, last_success, next_attempt, "
    "consecutive_failures, last_error, created";

std::optional<std::string> opt_text(SQLite::Statement& q, const char* column) {
    return storage::optional_text(q.getColumn(column));
}
std::optional<std::int64_t> opt_int(SQLite::Statement& q, const char* column) {
    return storage::optional_int(q.getColumn(column));
}

Source read_row(SQLite::Statement& q) {
    Source s;
    s.name = q.getColumn("name").getString();
    s.url = q.getColumn("url").getString();
    s.issuer_pem = opt_text(q, "issuer_pem");
    s.trust_bundle = opt_text(q, "trust_bundle");
    s.tls_bundle = opt_text(q, "tls_bundle");
    s.polling_interval = q.getColumn("polling_interval").getInt64();
    s.backoff_interval = q.getColumn("backoff_interval").getInt64();
    s.etag = opt_text(q, "etag");
    s.last_modified = opt_text(q, "last_modified");
    s.crl_number = opt_text(q, "crl_number");
    s.issuer = opt_text(q, "issuer");
    s.this_update = opt_text(q, "this_update");
    s.next_update = opt_text(q, "next_update");
    s.entries = opt_int(q, "entries");
    s.size = opt_int(q, "size");
    s.last_attempt = opt_text(q, "last_attempt");
    s.last_success = opt_text(q, "last_success");
    s.next_attempt = q.getColumn("next_attempt").getString();
    s.consecutive_failures = q.getColumn("consecutive_failures").getInt64();
    s.last_error = opt_text(q, "last_error");
    s.created = q.getColumn("created").getString();
    return s;
}

}  // namespace

void SourceStore::add(const Source& s) {
    try {
        if (find(s.name)) {
            throw core::Error(core::Errc::usage, "cannot add CRL source", s.name,
                              "a source with this name already exists",
                              "pick another name, or `certctl crl remove " + s.name + "` first");
        }
        SQLite::Statement q(m_db.sql(), std::string("INSERT INTO crl_sources(") + k_columns +
                                            ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        q.bind(1, s.name);
        q.bind(2, s.url);
        storage::bind_optional(q, 3, s.issuer_pem);
        storage::bind_optional(q, 4, s.trust_bundle);
        storage::bind_optional(q, 5, s.tls_bundle);
        q.bind(6, s.polling_interval);
        q.bind(7, s.backoff_interval);
        for (int i = 8; i <= 17; ++i) {
            q.bind(i);
        }
        q.bind(18, s.next_attempt);
        q.bind(19, s.consecutive_failures);
        q.bind(20);
        q.bind(21, s.created);
        q.exec();
    } catch (const core::Error&) {
        throw;
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, "crl_sources");
    }
}

std::optional<Source> SourceStore::find(const std::string& name) {
    std::vector<Source> rows = m_db.select<Source>(
        std::string("SELECT ") + k_columns + " FROM crl_sources WHERE name = ?",
        [&](SQLite::Statement& q) { q.bind(1, name); }, read_row);
    if (rows.empty()) {
        return std::nullopt;
    }
    return std::move(rows.front());
}

Source SourceStore::get(const std::string& name) {
    auto s = find(name);
    if (!s) {
        throw core::Error(core::Errc::not_found, "no such CRL source", name, "not in this store",
                          "see `certctl crl list`, or add it with `certctl crl add " + name + " URL`");
    }
    return *s;
}

std::vector<Source> SourceStore::list() {
    return m_db.select<Source>(std::string("SELECT ") + k_columns + " FROM crl_sources ORDER BY name",
                               [](SQLite::Statement&) {}, read_row);
}

bool SourceStore::remove(const std::string& name) {
    try {
        SQLite::Statement q(m_db.sql(), "DELETE FROM crl_sources WHERE name = ?");
        q.bind(1, name);
        return q.exec() > 0;
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, "crl_sources");
    }
}

void SourceStore::update_state(const Source& s) {
    try {
        SQLite::Statement q(m_db.sql(),
                            "UPDATE crl_sources SET etag=?, last_modified=?, crl_number=?, issuer=?, this_update=?, "
                            "next_update=?, entries=?, size=?, last_attempt=?, last_success=?, next_attempt=?, "
                            "consecutive_failures=?, last_error=? WHERE name=?");
        storage::bind_optional(q, 1, s.etag);
        storage::bind_optional(q, 2, s.last_modified);
        storage::bind_optional(q, 3, s.crl_number);
        storage::bind_optional(q, 4, s.issuer);
        storage::bind_optional(q, 5, s.this_update);
        storage::bind_optional(q, 6, s.next_update);
        storage::bind_optional(q, 7, s.entries);
        storage::bind_optional(q, 8, s.size);
        storage::bind_optional(q, 9, s.last_attempt);
        storage::bind_optional(q, 10, s.last_success);
        q.bind(11, s.next_attempt);
        q.bind(12, s.consecutive_failures);
        storage::bind_optional(q, 13, s.last_error);
        q.bind(14, s.name);
        q.exec();
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, "crl_sources");
    }
}

std::vector<Botan::X509_Certificate> parse_certificates(const std::string& bytes, const std::string& subject) {
    std::vector<Botan::X509_Certificate> out;
    try {
        if (bytes.find("-----BEGIN") != std::string::npos) {
            Botan::DataSource_Memory src(bytes);
            while (!src.end_of_data()) {
                try {
                    std::string label;
                    const auto der = Botan::PEM_Code::decode(src, label);
                    if (label == "CERTIFICATE" || label == "X509 CERTIFICATE" || label == "TRUSTED CERTIFICATE") {
                        out.emplace_back(std::vector<std::uint8_t>(der.begin(), der.end()));
                    }
                } catch (const Botan::Decoding_Error&) {
                    break;  // no further PEM block
                }
            }
        } else {
            out.emplace_back(std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
        }
    } catch (const std::exception& e) {
        throw core::Error(core::Errc::bad_input, "cannot read issuer certificate", subject, e.what(),
                          "expected a PEM or DER X.509 certificate of the CA that signs the CRL");
    }
    if (out.empty()) {
        throw core::Error(core::Errc::bad_input, "cannot read issuer certificate", subject,
                          "no certificate in the file",
                          "expected a PEM or DER X.509 certificate of the CA that signs the CRL");
    }
    return out;
}

std::string to_pem(const std::vector<Botan::X509_Certificate>& certs) {
    std::string out;
    for (const auto& c : certs) {
        out += c.PEM_encode();
    }
    return out;
}

std::vector<Botan::X509_Certificate> issuer_candidates(storage::Database& db, const Source& s) {
    if (s.issuer_pem) {
        return parse_certificates(*s.issuer_pem, s.name);
    }
    const core::SystemClock clock;  // the trust store's clock only dates its listings
    std::vector<Botan::X509_Certificate> out = trust::TrustStore(db, clock).readable_certificates(s.trust_bundle);
    if (s.trust_bundle) {
        return out;
    }
    for (const std::vector<std::uint8_t>& der : certs::Inventory(db).stored_certificates()) {
        try {
            out.emplace_back(der);
        } catch (const std::exception&) {
            // A row that does not parse cannot have signed anything; other candidates may still do.
        }
    }
    return out;
}

std::vector<std::string> crl_distribution_urls(const Botan::X509_Certificate& cert) {
    std::vector<std::string> out;
    const auto* dp = cert.v3_extensions().get_extension_object_as<Botan::Cert_Extension::CRL_Distribution_Points>();
    if (dp == nullptr) {
        return out;
    }
    // crl_distribution_urls() gives display strings ("URI: http://..."); the names themselves are here.
    std::vector<std::string> uris;
    for (const auto& point : dp->distribution_points()) {
        const auto contents = point.point().contents();
        const auto range = contents.equal_range("URI");
        for (auto it = range.first; it != range.second; ++it) {
            uris.push_back(it->second);
        }
    }
    for (const std::string& url : uris) {
        if (url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0 || url.rfind("file://", 0) == 0) {
            if (std::find(out.begin(), out.end(), url) == out.end()) {
                out.push_back(url);
            }
        }
    }
    return out;
}

void check_source_url(const std::string& url) {
    for (const char* scheme : {"http://", "https://", "file:///"}) {
        if (url.rfind(scheme, 0) == 0 && url.size() > std::string(scheme).size()) {
            return;
        }
    }
    throw core::Error(core::Errc::usage, "invalid CRL URL", url,
                      "only http://, https:// and file:///PATH are supported",
                      "e.g. http://crl.example.net/ca.crl or file:///srv/crl/ca.crl");
}

std::string read_issuer_file(const std::string& path) {
    const std::vector<Botan::X509_Certificate> certs =
        parse_certificates(core::read_file(path, "issuer certificate"), path);
    const bool can_sign = std::any_of(certs.begin(), certs.end(), [](const Botan::X509_Certificate& c) {
        return c.is_CA_cert() && (c.constraints() == Botan::NO_CONSTRAINTS || c.allowed_usage(Botan::CRL_SIGN));
    });
    if (!can_sign) {
        throw core::Error(core::Errc::bad_input, "cannot use issuer certificate", path,
                          "no certificate in the file is a CA allowed to sign CRLs (cA and cRLSign)",
                          "give the certificate of the CA that signs this CRL");
    }
    return to_pem(certs);
}

std::string url_from_certificate(storage::Database& db, const std::string& cert_name) {
    const std::optional<certs::CertRecord> row = certs::Inventory(db).find(cert_name);
    if (!row) {
        throw core::Error(core::Errc::not_found, "no such certificate", cert_name, "not in this store",
                          "see `certctl cert list`");
    }
    if (row->der.empty()) {
        throw core::Error(core::Errc::bad_input, "cannot read CRL distribution points", cert_name,
                          "the certificate is tracked, not stored", "give the CRL URL instead");
    }
    std::vector<std::string> urls;
    try {
        urls = crl_distribution_urls(Botan::X509_Certificate(row->der));
    } catch (const std::exception& e) {
        throw core::Error(core::Errc::bad_input, "cannot read certificate", cert_name, e.what());
    }
    if (urls.empty()) {
        throw core::Error(core::Errc::not_found, "no CRL distribution point", cert_name,
                          "the certificate names no http, https or file CRL URL", "give the CRL URL instead");
    }
    return urls.front();
}

}  // namespace certctl::crl
