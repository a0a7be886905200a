// api/tls_identity.h — the server's certificate chain and private key from the store, as GnuTLS objects,
// swappable while the server runs (SIGHUP): each TLS handshake picks the identity current at that moment.
#pragma once
#include "lib/core/clock.h"
#include "lib/storage/store.h"

#include <gnutls/abstract.h>
#include <gnutls/gnutls.h>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace certctl::api {

class TlsIdentity final {
public:
    // The inventory certificate NAME (imported or issued; its chain as given at import) and the store key it
    // matches. Error(not_found) for no such certificate or key, Error(bad_input) for a tracked certificate or
    // an encrypted key (the server cannot ask for a passphrase).
    static std::shared_ptr<TlsIdentity> load(storage::Store& store, const core::Clock& clock, const std::string& name);
    ~TlsIdentity();
    TlsIdentity(const TlsIdentity&) = delete;
    TlsIdentity& operator=(const TlsIdentity&) = delete;

    const std::string& name() const { return m_name; }
    const std::string& not_after() const { return m_not_after; }

    // The identity current for new handshakes. Replaced ones are kept until exit: a handshake that started
    // with one may still read it.
    static void install(std::shared_ptr<TlsIdentity> identity);
    static std::shared_ptr<TlsIdentity> current();
    // gnutls_certificate_retrieve_function2 for MHD_OPTION_HTTPS_CERT_CALLBACK.
    static int retrieve(gnutls_session_t session, const gnutls_datum_t* req_ca_dn, int nreqs,
                        const gnutls_pk_algorithm_t* pk_algos, int pk_algos_length, gnutls_pcert_st** pcert,
                        unsigned int* pcert_length, gnutls_privkey_t* privkey);

private:
    TlsIdentity() = default;
    std::string m_name;
    std::string m_not_after;
    std::vector<gnutls_pcert_st> m_chain;
    gnutls_privkey_t m_key = nullptr;
};

}  // namespace certctl::api
