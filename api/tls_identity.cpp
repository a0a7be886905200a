// api/tls_identity.cpp — store certificate and key into GnuTLS.
#include "api/tls_identity.h"

#include "lib/certs/cert_parser.h"
#include "lib/certs/inventory.h"
#include "lib/core/error.h"
#include "lib/keys/key_store.h"

#include <botan/pkcs8.h>

namespace certctl::api {

namespace {
std::mutex g_mutex;
std::shared_ptr<TlsIdentity> g_current;
std::vector<std::shared_ptr<TlsIdentity>> g_retired;

gnutls_datum_t datum(const std::uint8_t* data, std::size_t size) {
    return gnutls_datum_t{const_cast<unsigned char*>(data), static_cast<unsigned int>(size)};
}

[[noreturn]] void tls_failure(const std::string& name, const std::string& what, int rc) {
    throw core::Error(core::Errc::bad_input, "cannot use TLS certificate", name, what + ": " + gnutls_strerror(rc),
                      "check the certificate and key with `certctl cert show` and `certctl key show`");
}
}  // namespace

std::shared_ptr<TlsIdentity> TlsIdentity::load(storage::Store& store, const core::Clock& clock,
                                               const std::string& name) {
    const auto record = certs::Inventory(store.db()).find(name);
    if (!record) {
        throw core::Error(core::Errc::not_found, "no such certificate", name,
                          "--tls-cert names no inventory certificate",
                          "issue one with `certctl ca issue` or import one with `certctl cert import`, then name it");
    }
    if (record->der.empty()) {
        throw core::Error(core::Errc::bad_input, "cannot use TLS certificate", name,
                          "it is a tracked file, not a certificate held by the store",
                          "import the certificate with `certctl cert import`");
    }
    const std::string key_name = record->key_name.empty() ? name : record->key_name;
    keys::KeyStore keys(store, clock);
    if (!keys.find(key_name)) {
        throw core::Error(core::Errc::not_found, "no key for TLS certificate", name,
                          "the store has no key matching it (looked for key " + key_name + ")",
                          "the server's certificate must be issued for a key of the store");
    }
    std::shared_ptr<TlsIdentity> id(new TlsIdentity());
    id->m_name = name;
    id->m_not_after = record->not_after;
    std::vector<std::vector<std::uint8_t>> ders{record->der};
    if (!record->chain_pem.empty()) {
        for (const auto& c : certs::parse_certificates(record->chain_pem, name + " chain")) {
            ders.push_back(c.BER_encode());
        }
    }
    for (const auto& der : ders) {
        gnutls_pcert_st pcert{};
        const gnutls_datum_t d = datum(der.data(), der.size());
        const int rc = gnutls_pcert_import_x509_raw(&pcert, &d, GNUTLS_X509_FMT_DER, 0);
        if (rc < 0) {
            tls_failure(name, "certificate", rc);
        }
        id->m_chain.push_back(pcert);
    }
    // The key leaves the key store only as far as GnuTLS's own copy; the PEM buffer is wiped (secure_vector).
    const std::unique_ptr<Botan::Private_Key> key = keys.load_private(key_name, std::nullopt);
    const Botan::secure_vector<std::uint8_t> der = Botan::PKCS8::BER_encode(*key);
    int rc = gnutls_privkey_init(&id->m_key);
    if (rc < 0) {
        tls_failure(name, "key", rc);
    }
    const gnutls_datum_t d = datum(der.data(), der.size());
    rc = gnutls_privkey_import_x509_raw(id->m_key, &d, GNUTLS_X509_FMT_DER, nullptr, 0);
    if (rc < 0) {
        tls_failure(name, "key " + key_name, rc);
    }
    return id;
}

TlsIdentity::~TlsIdentity() {
    for (gnutls_pcert_st& p : m_chain) {
        gnutls_pcert_deinit(&p);
    }
    if (m_key != nullptr) {
        gnutls_privkey_deinit(m_key);
    }
}

void TlsIdentity::install(std::shared_ptr<TlsIdentity> identity) {
    const std::lock_guard<std::mutex> lock(g_mutex);
    if (g_current) {
        g_retired.push_back(g_current);
    }
    g_current = std::move(identity);
}

std::shared_ptr<TlsIdentity> TlsIdentity::current() {
    const std::lock_guard<std::mutex> lock(g_mutex);
    return g_current;
}

int TlsIdentity::retrieve(gnutls_session_t, const gnutls_datum_t*, int, const gnutls_pk_algorithm_t*, int,
                          gnutls_pcert_st** pcert, unsigned int* pcert_length, gnutls_privkey_t* privkey) {
    const std::shared_ptr<TlsIdentity> id = current();
    if (!id) {
        return -1;
    }
    *pcert = id->m_chain.data();
    *pcert_length = static_cast<unsigned int>(id->m_chain.size());
    *privkey = id->m_key;
    return 0;
}

}  // namespace certctl::api
