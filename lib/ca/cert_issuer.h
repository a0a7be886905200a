// lib/ca/cert_issuer.h — signs certificates from a profile: the library core of `ca init` and `ca issue`.
#pragma once
#include "lib/ca/profile.h"
#include "lib/core/clock.h"

#include <botan/pk_keys.h>
#include <botan/pkcs10.h>
#include <botan/pkix_types.h>
#include <botan/rng.h>
#include <botan/x509cert.h>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace Botan {
class PK_Signer;
class HashFunction;
}  // namespace Botan

namespace certctl::csr {
struct Request;
}  // namespace certctl::csr

namespace certctl::ca {

// The issuing CA's publication settings (stored with the CA).
struct CaSettings {
    std::string crl_url;
    std::string ca_issuers_url;
    // An adopted CA that continues its old serial sequence: the first serial to use (big-endian magnitude),
    // the next one +1 and so on. Empty: random serials (serial.h). The caller reserves the range first.
    std::vector<std::uint8_t> first_serial;
};

// What the certificate is for: the subject and public key (from a CSR or a key), nothing else.
struct SubjectRequest {
    Botan::X509_DN subject;
    std::vector<std::uint8_t> public_key_der;  // SubjectPublicKeyInfo
    std::vector<std::uint8_t> key_bits;        // subjectPublicKey contents, for the key identifier
    std::string key_algorithm;                 // "rsa", "ec:secp256r1", ... or the Botan name lower-cased
    std::size_t key_size = 0;                  // RSA modulus bits, EC field bits
    std::vector<std::uint8_t> san_value;       // the CSR's subjectAltName value, empty if none
    std::optional<long> requested_days;        // the validity a certctl CSR asks for (csr::Request)

    static SubjectRequest from_csr(const Botan::PKCS10_Request& csr);
    static SubjectRequest from_request(const csr::Request& request);
    static SubjectRequest from_key(const Botan::Public_Key& key, const Botan::X509_DN& subject);
};

struct IssuedCertificate {
    std::vector<std::uint8_t> der;
    std::string serial;       // lower-case hex
    core::TimePoint not_before;
    core::TimePoint not_after;
    std::string subject;      // "CN=x, O=y"
    std::string issuer;
    std::string fingerprint;  // SHA-256 of the DER, lower-case hex
};

class CertificateIssuer final {
public:
    // An issuing CA. Throws Error(bad_input) if `key` is not the key of `ca_cert` or `ca_cert` is no CA.
    CertificateIssuer(Botan::X509_Certificate ca_cert, const Botan::Private_Key& key, CaSettings settings,
                      Botan::RandomNumberGenerator& rng);
    ~CertificateIssuer();

    // Everything that does not depend on the subject: the profile may be issued by this CA now (not a
    // root profile, CA not expired, path length) and the lifetime. `days` (explicit --days) must be in
    // 1..max_days (else Error(usage)) and must not outlive the CA (Error(bad_input)); without it the
    // profile's default is capped at the CA's notAfter. Returns notAfter.
    core::TimePoint check(const Profile& profile, core::TimePoint now, std::optional<int> days) const;

    // Key type allowed by the profile (Error(bad_input)), then signs. Call check() first.
    IssuedCertificate issue(const Profile& profile, const SubjectRequest& subject, core::TimePoint now,
                            core::TimePoint not_after);

    // issue() for n subjects on a few threads: for each i, on one worker thread, `job(i)` gives the
    // subject and its notAfter (reading and checking a CSR there: its signature costs more than ours), the
    // profile's key types are checked, the certificate is signed, and `done(i, certificate)` runs. Each
    // thread has its own PK_Signer and a DRBG seeded from the issuer's RNG (which must be thread-safe, as
    // AutoSeeded_RNG is). Throws the error of the lowest failing i (see parallel_for).
    struct Job {
        SubjectRequest subject;
        core::TimePoint not_after;
    };
    void issue_each(const Profile& profile, std::size_t n, core::TimePoint now,
                    const std::function<Job(std::size_t)>& job,
                    const std::function<void(std::size_t, IssuedCertificate&&)>& done);

    // A self-signed certificate (profile.self_signed) for `key`. Its CDP (when the profile has one) names
    // its own CRL, `own_crl_url`: OpenSSL's -crl_check_all checks the root too, and our CRLs carry an
    // IssuingDistributionPoint that only covers certificates naming the same URL.
    static IssuedCertificate self_signed(const Profile& profile, const Botan::X509_DN& subject,
                                         const Botan::Private_Key& key, core::TimePoint now,
                                         std::optional<int> days, Botan::RandomNumberGenerator& rng,
                                         const std::string& own_crl_url = {});

    const Botan::X509_Certificate& ca_certificate() const { return m_cert; }

private:
    Botan::PK_Signer& signer_for(const std::string& hash, Botan::AlgorithmIdentifier& alg);

    Botan::X509_Certificate m_cert;
    const Botan::Private_Key& m_key;
    CaSettings m_settings;
    Botan::RandomNumberGenerator& m_rng;
    std::vector<std::uint8_t> m_key_id;  // the CA's subject key identifier, for AKI
    struct SignerSlot;
    std::vector<std::unique_ptr<SignerSlot>> m_signers;
};

// Throws Error(usage) when days is outside 1..profile.max_days.
void check_days(const Profile& profile, int days);

}  // namespace certctl::ca
