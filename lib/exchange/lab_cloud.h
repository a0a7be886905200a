// lib/exchange/lab_cloud.h — the cloud's side for labs and tests: answers a registration with an authorization
// and a sync request with a sync response, issuing from a local CA hierarchy (docs/exchange.md).
#pragma once
#include "lib/core/clock.h"
#include "lib/exchange/exchange_file.h"

#include <botan/pk_keys.h>
#include <botan/rng.h>
#include <botan/x509cert.h>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace certctl::exchange {

// What the answering side needs from the local CA area; the CLI implements it with ca::LocalCa and the key
// store, tests with Botan directly. Every call throws core::Error on failure.
class CaAccess {
public:
    virtual ~CaAccess() = default;
    virtual bool exists(const std::string& ca) = 0;
    virtual Botan::X509_Certificate certificate(const std::string& ca) = 0;  // Error(not_found)
    virtual std::string profile_of(const std::string& ca) = 0;
    // A new CA `name` from `profile`, issued by `issuer`, with CN `cn` and a new key.
    virtual void create(const std::string& name, const std::string& profile, const std::string& issuer,
                        const std::string& cn) = 0;
    // A certificate from `ca` with `profile` for a PKCS#10 request (PEM); `name` names it in the CA's records.
    struct CsrToIssue {
        std::string ca, profile, csr_pem, name;
    };
    // One certificate per request, in order, all stored together or none (a failure leaves nothing issued).
    // `before_commit` (optional) gets them inside that transaction, before anything is stored for good: if it
    // throws, nothing is issued.
    using BeforeCommit = std::function<void(const std::vector<Botan::X509_Certificate>&)>;
    virtual std::vector<Botan::X509_Certificate> issue_csrs(const std::vector<CsrToIssue>& requests,
                                                            const BeforeCommit& before_commit) = 0;
    Botan::X509_Certificate issue_csr(const std::string& ca, const std::string& profile, const std::string& csr_pem,
                                      const std::string& name) {
        return issue_csrs({{ca, profile, csr_pem, name}}, {}).at(0);
    }
    // A certificate for a known subject and public key (renewal without a CSR).
    virtual Botan::X509_Certificate issue_key(const std::string& ca, const std::string& profile,
                                              const Botan::X509_Certificate& like, const std::string& name) = 0;
    // A private key kept under `name` (generated when missing).
    virtual std::unique_ptr<Botan::Private_Key> key(const std::string& name) = 0;
    // A certificate issued earlier under `name`, if any.
    virtual std::optional<Botan::X509_Certificate> issued(const std::string& name) = 0;
};

// Names of the answering side's CAs and signing certificate for root CA `root`.
struct LabNames {
    std::string root, sub_ca, satellite, tg_issuer, signing;
    explicit LabNames(const std::string& r)
        : root(r),
          sub_ca(r + "-sub-ca"),
          satellite(r + "-satellite"),
          tg_issuer(r + "-tg-issuer"),
          signing(r + "-signing") {}
};

struct AuthorizeOptions {
    std::string satellite_name = "certctl-lab";
    std::string smart_account = "certctl lab";
    std::string account_domain = "lab.invalid";
    // When set, authorize hands it the signed authorization while its certificates are not yet stored for
    // good (writing the --out file): if it throws (a full disk), none of them is issued.
    std::function<void(const std::string&)> deliver;
};

// Checks the registration (as `exchange verify` does; CN of lcs_csr = the instance id), creates the sub-CA,
// satellite and TG issuer under `root` and the signing certificate once, issues the four On-Prem certificates
// and returns the signed authorization. Error(bad_input) when the request does not verify, Error(usage) when
// `root` is not a root CA.
std::string authorize(const ExchangeFile& request, CaAccess& cas, const std::string& root, const core::Clock& clock,
                      Botan::RandomNumberGenerator& rng, const AuthorizeOptions& options = {});

// Checks the sync request, re-issues id_cert for its subject and key, and returns the signed sync response.
// Error(not_found) when `root` has not authorized anything yet.
std::string answer_sync(const ExchangeFile& request, CaAccess& cas, const std::string& root, const core::Clock& clock,
                        Botan::RandomNumberGenerator& rng, const std::string& sync_type,
                        const AuthorizeOptions& options = {});

}  // namespace certctl::exchange
