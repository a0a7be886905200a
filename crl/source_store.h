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

// What `crl add` accepts before it stores a source; each throws core::Error naming the URL, file or name.
// Error(usage) unless `url` is http://, https:// or file:///PATH with something after the scheme.
void check_source_url(const std::string& url);
// The certificates of an --issuer file as PEM; Error(bad_input) when none of them is a CA that may sign
// CRLs (cA, and cRLSign when it has a key usage at all).
std::string read_issuer_file(const std::string& path);
// The first http, https or file CRL distribution point of the stored certificate `cert_name`;
// Error(not_found) when there is no such certificate or it names none, Error(bad_input) when it is tracked
// only (no DER stored) or does not parse.
std::string url_from_certificate(storage::Database& db, const std::string& cert_name);

}  // namespace certctl::crl
