// lib/ca/cert_issuer.cpp — builds the TBSCertificate from the profile alone and signs it.
#include "lib/ca/cert_issuer.h"

#include "lib/ca/cert_extensions.h"
#include "lib/ca/parallel.h"
#include "lib/ca/serial.h"
#include "lib/certs/cert_summary.h"
#include "lib/certs/cert_time.h"
#include "lib/core/error.h"
#include "lib/core/rfc3339.h"
#include "lib/csr/request.h"
#include "lib/csr/subject.h"

#include <algorithm>
#include <botan/der_enc.h>
#include <botan/ecc_key.h>
#include <botan/hash.h>
#include <botan/hmac_drbg.h>
#include <botan/mac.h>
#include <botan/hex.h>
#include <botan/pubkey.h>
#include <botan/x509_obj.h>
#include <botan/x509_key.h>
#include <map>
#include <mutex>
#include <thread>

namespace certctl::ca {

struct CertificateIssuer::SignerSlot {
    std::string hash;
    Botan::AlgorithmIdentifier alg;
    std::unique_ptr<Botan::PK_Signer> signer;
};

namespace {
using Clock = std::chrono::system_clock;

core::TimePoint whole_seconds(core::TimePoint t) { return std::chrono::time_point_cast<std::chrono::seconds>(t); }

void describe_key(const Botan::Public_Key& pub, std::string& algorithm, std::size_t& size) {
    size = pub.key_length();
    if (pub.algo_name() == "RSA") {
        algorithm = "rsa";
    } else if (const auto* ec = dynamic_cast<const Botan::EC_PublicKey*>(&pub);
               ec != nullptr && pub.algo_name() == "ECDSA") {
        algorithm = "ec:" + ec->domain().get_curve_oid().to_formatted_string();
    } else {
        algorithm = pub.algo_name();
        std::transform(algorithm.begin(), algorithm.end(), algorithm.begin(), ::tolower);
    }
}

std::vector<std::uint8_t> sha1(const std::vector<std::uint8_t>& data) {
    return Botan::unlock(Botan::HashFunction::create_or_throw("SHA-1")->process(data));
}

// A CN that can stand as a DNS name (copy-or-cn): letters, digits, '-', '.', a leading "*.".
bool looks_like_dns_name(const std::string& s) {
    if (s.empty() || s.size() > 253 || s.find('.') == std::string::npos) {
        return false;
    }
    const std::string body = s.rfind("*.", 0) == 0 ? s.substr(2) : s;
    return std::all_of(body.begin(), body.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.';
    });
}

struct TbsInput {
    const Profile& profile;
    const std::vector<std::uint8_t>& serial;
    const Botan::X509_DN& issuer;
    const Botan::X509_DN& subject;
    const std::vector<std::uint8_t>& spki;
    core::TimePoint not_before;
    core::TimePoint not_after;
    const Botan::Extensions& extensions;
};

IssuedCertificate sign(Botan::PK_Signer& signer, const Botan::AlgorithmIdentifier& alg,
                       Botan::RandomNumberGenerator& rng, const TbsInput& in) {
    // RFC 5280 4.1: the same fields X509_CA::make_cert writes, without decoding the result again.
    Botan::DER_Encoder tbs;
    tbs.start_cons(Botan::SEQUENCE)
        .start_explicit(0)
        .encode(std::size_t(2))  // v3
        .end_explicit()
        .encode(Botan::BigInt::decode(in.serial))
        .encode(alg)
        .encode(in.issuer)
        .start_cons(Botan::SEQUENCE)
        .encode(Botan::X509_Time(in.not_before))
        .encode(Botan::X509_Time(in.not_after))
        .end_cons()
        .encode(in.subject)
        .raw_bytes(in.spki)
        .start_explicit(3)
        .start_cons(Botan::SEQUENCE)
        .encode(in.extensions)
        .end_cons()
        .end_explicit()
        .end_cons();
    IssuedCertificate out;
    out.der = Botan::X509_Object::make_signed(&signer, rng, alg, tbs.get_contents());
    out.serial = serial_hex(in.serial);
    out.not_before = in.not_before;
    out.not_after = in.not_after;
    out.subject = csr::dn_to_string(in.subject);
    out.issuer = csr::dn_to_string(in.issuer);
    out.fingerprint = certs::fingerprint_sha256(out.der);
    return out;
}

Botan::Extensions build_extensions(const Profile& profile, const SubjectRequest& subject,
                                   const std::vector<std::uint8_t>& authority_key_id, const CaSettings& settings) {
    using namespace Botan::Cert_Extension;
    Botan::Extensions ext;
    // RFC 5280 4.2.1.9: critical in CA certificates; pathLen only where the profile says.
    ext.add(new Basic_Constraints(profile.ca, profile.ca ? profile.path_len.value_or(NO_CERT_PATH_LIMIT) : 0), true);
    unsigned ku = profile.ku_bits;
    if (subject.key_algorithm == "rsa") {
        ku |= profile.ku_rsa_bits;
    }
    ext.add(new Key_Usage(static_cast<Botan::Key_Constraints>(ku)), true);
    if (!profile.eku_oids.empty()) {
        std::vector<Botan::OID> oids;
        for (const std::string& o : profile.eku_oids) {
            oids.emplace_back(o);
        }
        ext.add(new Extended_Key_Usage(oids));
    }
    ext.add(new Subject_Key_ID(sha1(subject.key_bits)));  // RFC 5280 4.2.1.2 method (1), as OpenSSL
    if (!authority_key_id.empty()) {
        ext.add(new Authority_Key_ID(authority_key_id));
    }
    std::vector<std::uint8_t> san;
    if (profile.san != SanRule::none && !subject.san_value.empty()) {
        try {
            san = filter_subject_alt_name(subject.san_value);
        } catch (const Botan::Exception& e) {
            throw core::Error(core::Errc::bad_input, "cannot issue certificate", csr::dn_to_string(subject.subject),
                              std::string("the request's subjectAltName is malformed: ") + e.what());
        }
    }
    if (san.empty() && profile.san == SanRule::copy_or_cn) {
        const std::string cn = subject.subject.get_first_attribute("CN");
        if (looks_like_dns_name(cn)) {
            san = der_dns_san(cn);
        }
    }
    if (!san.empty()) {
        // RFC 5280 4.2.1.6: critical when the subject is empty.
        ext.add(new RawExtension(Botan::OID("2.5.29.17"), san), subject.subject.empty());
    }
    if (profile.crl_distribution_point && !settings.crl_url.empty()) {
        ext.add(new RawExtension(Botan::OID("2.5.29.31"), der_crl_distribution_points(settings.crl_url)));
    }
    if (profile.authority_info_access && !settings.ca_issuers_url.empty()) {
        ext.add(new RawExtension(Botan::OID("1.3.6.1.5.5.7.1.1"), der_authority_info_access(settings.ca_issuers_url)));
    }
    return ext;
}

void check_key_allowed(const Profile& profile, const SubjectRequest& subject) {
    if (!profile.allows_key(subject.key_algorithm, subject.key_size)) {
        const std::string key = subject.key_algorithm == "rsa" ? "rsa:" + std::to_string(subject.key_size)
                                                               : subject.key_algorithm;
        throw core::Error(core::Errc::bad_input, "cannot issue certificate", csr::dn_to_string(subject.subject),
                          "profile " + profile.name + " does not allow " + key + " keys",
                          "allowed: " + profile.key_types_text());
    }
}
}  // namespace

SubjectRequest SubjectRequest::from_csr(const Botan::PKCS10_Request& csr) {
    SubjectRequest r;
    r.subject = csr.subject_dn();
    r.public_key_der = csr.raw_public_key();
    const std::unique_ptr<Botan::Public_Key> pub(csr.subject_public_key());
    r.key_bits = pub->public_key_bits();
    describe_key(*pub, r.key_algorithm, r.key_size);
    const Botan::OID san("2.5.29.17");
    if (csr.extensions().extension_set(san)) {
        r.san_value = csr.extensions().get_extension_bits(san);
    }
    return r;
}

SubjectRequest SubjectRequest::from_request(const csr::Request& request) {
    SubjectRequest r;
    r.subject = request.subject_dn;
    r.public_key_der = request.public_key->subject_public_key();
    r.key_bits = request.public_key->public_key_bits();
    describe_key(*request.public_key, r.key_algorithm, r.key_size);
    for (const csr::RequestExtension& e : request.extensions) {
        if (e.oid == csr::k_subject_alt_name_oid) {
            r.san_value = e.value;
        }
    }
    r.requested_days = request.validity_days;
    return r;
}

SubjectRequest SubjectRequest::from_key(const Botan::Public_Key& key, const Botan::X509_DN& subject) {
    SubjectRequest r;
    r.subject = subject;
    r.public_key_der = key.subject_public_key();
    r.key_bits = key.public_key_bits();
    describe_key(key, r.key_algorithm, r.key_size);
    return r;
}

void check_days(const Profile& profile, int days) {
    if (days < 1 || days > profile.max_days) {
        throw core::Error(core::Errc::usage, "invalid --days", std::to_string(days),
                          "profile " + profile.name + " allows 1 to " + std::to_string(profile.max_days) + " days",
                          "leave --days out for the profile's default of " + std::to_string(profile.default_days));
    }
}

CertificateIssuer::CertificateIssuer(Botan::X509_Certificate ca_cert, const Botan::Private_Key& key,
                                     CaSettings settings, Botan::RandomNumberGenerator& rng)
    : m_cert(std::move(ca_cert)), m_key(key), m_settings(std::move(settings)), m_rng(rng) {
    const std::string subject = csr::dn_to_string(m_cert.subject_dn());
    if (!m_cert.is_CA_cert()) {
        throw core::Error(core::Errc::bad_input, "cannot issue", subject, "the issuer certificate is not a CA");
    }
    if (key.public_key_bits() != m_cert.subject_public_key_bitstring()) {
        throw core::Error(core::Errc::bad_input, "cannot issue", subject,
                          "the CA's private key does not match its certificate");
    }
    m_key_id = m_cert.subject_key_id().empty() ? m_cert.subject_public_key_bitstring_sha1() : m_cert.subject_key_id();
}

CertificateIssuer::~CertificateIssuer() = default;

Botan::PK_Signer& CertificateIssuer::signer_for(const std::string& hash, Botan::AlgorithmIdentifier& alg) {
    for (const auto& slot : m_signers) {
        if (slot->hash == hash) {
            alg = slot->alg;
            return *slot->signer;
        }
    }
    auto slot = std::make_unique<SignerSlot>();
    slot->hash = hash;
    slot->signer = Botan::X509_Object::choose_sig_format(slot->alg, m_key, m_rng, hash, "");
    alg = slot->alg;
    m_signers.push_back(std::move(slot));
    return *m_signers.back()->signer;
}

core::TimePoint CertificateIssuer::check(const Profile& profile, core::TimePoint now, std::optional<int> days) const {
    const std::string ca = csr::dn_to_string(m_cert.subject_dn());
    if (profile.self_signed) {
        throw core::Error(core::Errc::usage, "cannot issue from profile " + profile.name, ca,
                          "the profile is for self-signed roots only",
                          "create a root with `certctl ca init NAME --profile " + profile.name + " --cn CN`");
    }
    const core::TimePoint ca_not_after = certs::time_point(m_cert.not_after());
    if (ca_not_after < now) {
        throw core::Error(core::Errc::bad_input, "cannot issue", ca,
                          "the CA expired on " + core::format_rfc3339(ca_not_after),
                          "renew the CA or issue from another one");
    }
    if (certs::time_point(m_cert.not_before()) > now) {
        throw core::Error(core::Errc::bad_input, "cannot issue", ca, "the CA is not valid yet");
    }
    if (profile.ca) {
        // RFC 5280 4.2.1.9: a CA with pathLen n may have at most n CAs below it.
        const std::uint32_t limit = m_cert.path_limit();
        const bool limited = limit != Botan::Cert_Extension::NO_CERT_PATH_LIMIT;
        if (limited && limit == 0) {
            throw core::Error(core::Errc::bad_input, "cannot issue a CA certificate", ca,
                              "the CA's path length is 0: it may issue only end-entity certificates",
                              "issue the CA from a CA higher up the chain");
        }
        if (limited && (!profile.path_len || *profile.path_len > limit - 1)) {
            throw core::Error(core::Errc::bad_input, "cannot issue a CA certificate", ca,
                              "profile " + profile.name + " asks for path length " +
                                  (profile.path_len ? std::to_string(*profile.path_len) : "unlimited") +
                                  " but the CA allows at most " + std::to_string(limit - 1) + " below it",
                              "issue it from a CA higher up the chain");
        }
    }
    now = whole_seconds(now);
    core::TimePoint not_after = now + std::chrono::hours(24) * profile.default_days;
    if (days) {
        check_days(profile, *days);
        not_after = now + std::chrono::hours(24) * *days;
        if (not_after > ca_not_after) {
            throw core::Error(core::Errc::bad_input, "cannot issue", ca,
                              std::to_string(*days) + " days would outlive the CA (valid until " +
                                  core::format_rfc3339(ca_not_after) + ")",
                              "ask for fewer days, or leave --days out to end with the CA");
        }
    }
    // RFC 5280 6.1: nothing beyond the issuer's own validity would verify anyway.
    return std::min(not_after, whole_seconds(ca_not_after));
}

IssuedCertificate CertificateIssuer::issue(const Profile& profile, const SubjectRequest& subject,
                                           core::TimePoint now, core::TimePoint not_after) {
    check_key_allowed(profile, subject);
    const Botan::Extensions ext = build_extensions(profile, subject, m_key_id, m_settings);
    Botan::AlgorithmIdentifier alg;
    Botan::PK_Signer& signer = signer_for(profile.hash, alg);
    const std::vector<std::uint8_t> serial =
        m_settings.first_serial.empty() ? random_serial(m_rng) : serial_plus(m_settings.first_serial, 0);
    return sign(signer, alg, m_rng,
                TbsInput{profile, serial, m_cert.subject_dn(), subject.subject, subject.public_key_der,
                         whole_seconds(now), not_after, ext});
}

void CertificateIssuer::issue_each(const Profile& profile, std::size_t n, core::TimePoint now,
                                   const std::function<Job(std::size_t)>& job,
                                   const std::function<void(std::size_t, IssuedCertificate&&)>& done) {
    now = whole_seconds(now);
    // One signer per thread (PK_Signer keeps state between update() and signature()), and one DRBG
    // seeded from m_rng, so the threads do not queue on the shared generator's lock.
    struct Slot {
        std::unique_ptr<Botan::RandomNumberGenerator> rng;
        Botan::AlgorithmIdentifier alg;
        std::unique_ptr<Botan::PK_Signer> signer;
    };
    std::mutex slots_mutex;
    std::map<std::thread::id, Slot> slots;
    parallel_for(n, [&](std::size_t i) {
        Slot* mine = nullptr;
        {
            const std::lock_guard<std::mutex> lock(slots_mutex);
            mine = &slots[std::this_thread::get_id()];
            if (!mine->rng) {
                mine->rng = std::make_unique<Botan::HMAC_DRBG>(
                    Botan::MessageAuthenticationCode::create_or_throw("HMAC(SHA-256)"), m_rng);
            }
        }
        if (!mine->signer) {
            mine->signer = Botan::X509_Object::choose_sig_format(mine->alg, m_key, *mine->rng, profile.hash, "");
        }
        const Job j = job(i);
        check_key_allowed(profile, j.subject);
        const Botan::Extensions ext = build_extensions(profile, j.subject, m_key_id, m_settings);
        const std::vector<std::uint8_t> serial =
            m_settings.first_serial.empty() ? random_serial(*mine->rng) : serial_plus(m_settings.first_serial, i);
        done(i, sign(*mine->signer, mine->alg, *mine->rng,
                  TbsInput{profile, serial, m_cert.subject_dn(), j.subject.subject, j.subject.public_key_der, now,
                           j.not_after, ext}));
    });
}

IssuedCertificate CertificateIssuer::self_signed(const Profile& profile, const Botan::X509_DN& subject,
                                                 const Botan::Private_Key& key, core::TimePoint now,
                                                 std::optional<int> days, Botan::RandomNumberGenerator& rng,
                                                 const std::string& own_crl_url) {
    if (!profile.self_signed) {
        throw core::Error(core::Errc::usage, "cannot self-sign profile " + profile.name, csr::dn_to_string(subject),
                          "only a root profile is self-signed", "give the issuing CA with --issuer");
    }
    const SubjectRequest req = SubjectRequest::from_key(key, subject);
    check_key_allowed(profile, req);
    now = whole_seconds(now);
    const int d = days.value_or(profile.default_days);
    check_days(profile, d);
    const Botan::Extensions ext = build_extensions(profile, req, sha1(req.key_bits), CaSettings{own_crl_url, "", {}});
    Botan::AlgorithmIdentifier alg;
    const std::unique_ptr<Botan::PK_Signer> signer =
        Botan::X509_Object::choose_sig_format(alg, key, rng, profile.hash, "");
    const std::vector<std::uint8_t> serial = random_serial(rng);
    return sign(*signer, alg, rng,
                TbsInput{profile, serial, subject, subject, req.public_key_der, now,
                         now + std::chrono::hours(24) * d, ext});
}

}  // namespace certctl::ca
