// lib/exchange/store_cas.h — exchange::CaAccess over the store: CAs and issued certificates through ca::LocalCa
// (recorded and audited there), keys through keys::KeyStore, the id_cert renewal (no CSR) through
// ca::CertificateIssuer, audited here.
#pragma once
#include "lib/ca/local_ca.h"
#include "lib/ca/profile.h"
#include "lib/exchange/lab_cloud.h"
#include "lib/keys/key_store.h"
#include "lib/storage/store.h"

namespace certctl::exchange {


class StoreCas final : public CaAccess {
public:
    StoreCas(storage::Store& store, const core::Clock& clock, Botan::RandomNumberGenerator& rng,
             const ca::ProfileSet& profiles);

    bool exists(const std::string& ca) override;
    Botan::X509_Certificate certificate(const std::string& ca) override;
    std::string profile_of(const std::string& ca) override;
    void create(const std::string& name, const std::string& profile, const std::string& issuer,
                const std::string& cn) override;
    std::vector<Botan::X509_Certificate> issue_csrs(const std::vector<CsrToIssue>& requests,
                                                    const BeforeCommit& before_commit) override;
    Botan::X509_Certificate issue_key(const std::string& ca, const std::string& profile,
                                      const Botan::X509_Certificate& like, const std::string& name) override;
    std::unique_ptr<Botan::Private_Key> key(const std::string& name) override;
    std::optional<Botan::X509_Certificate> issued(const std::string& name) override;

private:
    storage::Store& m_store;
    const core::Clock& m_clock;
    Botan::RandomNumberGenerator& m_rng;
    const ca::ProfileSet& m_profiles;
    keys::KeyStore m_keys;
    ca::KeyAccess m_access;
    ca::LocalCa m_cas;
};

}  // namespace certctl::exchange
