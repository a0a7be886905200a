// crl/source_store.h — CRL sources and their fetch state (table crl_sources).
#pragma once
#include "lib/storage/database.h"

#include <botan/x509cert.h>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace certctl::crl {

struct Source {
    std::string name;
    std::string url;
    std::optional<std::string> issuer_pem;    // --issuer FILE, stored as PEM
    std::optional<std::string> trust_bundle;  // --trust BUNDLE: its certificates may sign the CRL
    std::optional<std::string> tls_bundle;    // --tls-bundle BUNDLE: anchors for an https server
    std::int64_t polling_interval = 86400;    // seconds
    std::int64_t backoff_interval = 60;
    std::optional<std::string> etag;
    std::optional<std::string> last_modified;
    std::optional<std::string> crl_number;  // hex
    std::optional<std::string> issuer;      // DN of the last good CRL
    std::optional<std::string> this_update;
    std::optional<std::string> next_update;
    std::optional<std::int64_t> entries;
    std::optional<std::int64_t> size;
    std::optional<std::string> last_attempt;
    std::optional<std::string> last_success;
    std::string next_attempt;
    std::int64_t consecutive_failures = 0;
    std::optional<std::string> last_error;
    std::string created;
};

class SourceStore final {
public:
    explicit SourceStore(storage::Database& db) : m_db(db) {}
    // Error(usage) "already exists" when the name is taken.
    void add(const Source& s);
    std::optional<Source> find(const std::string& name);
    Source get(const std::string& name);  // Error(not_found) with a hint
    std::vector<Source> list();           // by name
    bool remove(const std::string& name);
    void update_state(const Source& s);   // everything but name, url, issuer, intervals, created

private:
    storage::Database& m_db;
};

// The certificates that may have signed a source's CRL: --issuer's, the --trust bundle's, or (neither
// given) every trust bundle certificate and stored certificate; verify_crl picks by name and AKI.
std::vector<Botan::X509_Certificate> issuer_candidates(storage::Database& db, const Source& s);

// Every certificate in a PEM (one or more blocks) or DER file's bytes; Error(bad_input) when none.
std::vector<Botan::X509_Certificate> parse_certificates(const std::string& bytes, const std::string& subject);
std::string to_pem(const std::vector<Botan::X509_Certificate>& certs);

// CRL distribution point URIs (http, https, file) of a DER certificate.
std::vector<std::string> crl_distribution_urls(const Botan::X509_Certificate& cert);

}  // namespace certctl::crl
