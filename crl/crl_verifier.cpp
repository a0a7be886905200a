// crl/crl_verifier.cpp — signature, issuer role, dates and CRL number: RFC 5280 6.3.3 in the order that
// costs least first.
#include "crl/crl_verifier.h"

#include "lib/core/rfc3339.h"

#include <botan/ber_dec.h>
#include <botan/pkix_types.h>
#include <botan/pubkey.h>
#include <cstring>
#include <map>
#include <memory>

namespace certctl::crl {

namespace {
struct Scheme {
    std::string padding;
    Botan::Signature_Format format = Botan::IEEE_1363;
    std::string key_algo;  // "RSA", "ECDSA", "Ed25519"
};

const std::uint8_t k_rsa_prefix[] = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01};
const std::uint8_t k_ecdsa_prefix[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04};
const std::uint8_t k_ed25519[] = {0x2b, 0x65, 0x70};
const std::uint8_t k_sha2_prefix[] = {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02};

std::string sha2_name(std::uint8_t last) {
    switch (last) {
        case 1: return "SHA-256";
        case 2: return "SHA-384";
        case 3: return "SHA-512";
        case 4: return "SHA-224";
        default: return "";
    }
}

// RSASSA-PSS-params (RFC 4055 3.1): hash [0], maskGen [1] (MGF1 with the same hash assumed), salt [2].
std::optional<Scheme> pss_scheme(DerReader& alg) {
    std::string hash = "SHA-160";
    std::size_t salt = 20;
    if (alg.peek_tag() == der::k_sequence) {
        DerReader params(alg.next("RSASSA-PSS parameters").value);
        while (params.more()) {
            const Tlv field = params.next("RSASSA-PSS parameter");
            DerReader inner(field.value);
            if (field.tag == 0xa0) {
                DerReader h(inner.expect(der::k_sequence, "PSS hash").value);
                const ByteSpan oid = h.expect(der::k_oid, "PSS hash oid").value;
                if (oid.size != 9 || std::memcmp(oid.data, k_sha2_prefix, 8) != 0) {
                    return std::nullopt;
                }
                hash = sha2_name(oid.data[8]);
            } else if (field.tag == 0xa2) {
                const Tlv n = inner.expect(der::k_integer, "PSS salt length");
                salt = 0;
                for (std::size_t i = 0; i < n.value.size; ++i) {
                    salt = (salt << 8) | n.value.data[i];
                }
            }
        }
    }
    if (hash.empty()) {
        return std::nullopt;
    }
    return Scheme{"EMSA4(" + hash + ",MGF1," + std::to_string(salt) + ")", Botan::IEEE_1363, "RSA"};
}

std::optional<Scheme> scheme_for(ByteSpan alg_tlv) {
    DerReader outer(alg_tlv);
    DerReader alg(outer.expect(der::k_sequence, "signatureAlgorithm").value);
    const ByteSpan oid = alg.expect(der::k_oid, "signature algorithm oid").value;
    if (oid.size == 9 && std::memcmp(oid.data, k_rsa_prefix, 8) == 0) {
        static const std::map<std::uint8_t, std::string> rsa = {
            {0x05, "SHA-160"}, {0x0b, "SHA-256"}, {0x0c, "SHA-384"}, {0x0d, "SHA-512"}, {0x0e, "SHA-224"}};
        if (oid.data[8] == 0x0a) {
            return pss_scheme(alg);
        }
        const auto it = rsa.find(oid.data[8]);
        if (it != rsa.end()) {
            return Scheme{"EMSA3(" + it->second + ")", Botan::IEEE_1363, "RSA"};
        }
    }
    if (oid.size == 7 && std::memcmp(oid.data, k_ecdsa_prefix, 6) == 0 && oid.data[6] == 0x01) {
        return Scheme{"EMSA1(SHA-160)", Botan::DER_SEQUENCE, "ECDSA"};
    }
    if (oid.size == 8 && std::memcmp(oid.data, k_ecdsa_prefix, 6) == 0 && oid.data[6] == 0x03) {
        static const std::map<std::uint8_t, std::string> ec = {
            {0x01, "SHA-224"}, {0x02, "SHA-256"}, {0x03, "SHA-384"}, {0x04, "SHA-512"}};
        const auto it = ec.find(oid.data[7]);
        if (it != ec.end()) {
            return Scheme{"EMSA1(" + it->second + ")", Botan::DER_SEQUENCE, "ECDSA"};
        }
    }
    if (der::oid_equals(oid, k_ed25519, sizeof k_ed25519)) {
        return Scheme{"Pure", Botan::IEEE_1363, "Ed25519"};
    }
    return std::nullopt;
}

bool same_bytes(const std::vector<std::uint8_t>& a, ByteSpan b) {
    return a.size() == b.size && std::memcmp(a.data(), b.data, b.size) == 0;
}

std::string time_text(std::int64_t unix_seconds) { return core::format_rfc3339(core::from_unix(unix_seconds)); }
}  // namespace

int compare_magnitude(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b) {
    std::size_t ia = 0, ib = 0;
    while (ia < a.size() && a[ia] == 0) {
        ++ia;
    }
    while (ib < b.size() && b[ib] == 0) {
        ++ib;
    }
    const std::size_t la = a.size() - ia, lb = b.size() - ib;
    if (la != lb) {
        return la < lb ? -1 : 1;
    }
    for (std::size_t i = 0; i < la; ++i) {
        if (a[ia + i] != b[ib + i]) {
            return a[ia + i] < b[ib + i] ? -1 : 1;
        }
    }
    return 0;
}

std::string dn_slash_form(ByteSpan name) {
    static const std::map<std::string, std::string> short_names = {
        {"2.5.4.3", "CN"},  {"2.5.4.6", "C"},  {"2.5.4.7", "L"},           {"2.5.4.8", "ST"},
        {"2.5.4.10", "O"},  {"2.5.4.11", "OU"}, {"2.5.4.5", "serialNumber"}, {"1.2.840.113549.1.9.1", "emailAddress"},
        {"0.9.2342.19200300.100.1.25", "DC"}};
    try {
        Botan::X509_DN dn;
        Botan::BER_Decoder dec(name.data, name.size);
        dn.decode_from(dec);
        std::string out;
        for (const auto& [oid, value] : dn.dn_info()) {
            const auto it = short_names.find(oid.to_string());
            out += "/" + (it != short_names.end() ? it->second : oid.to_string()) + "=" + value.value();
        }
        return out.empty() ? "/" : out;
    } catch (const std::exception&) {
        return "(unreadable name)";
    }
}

bool check_crl_signature(const ParsedCrl& crl, const Botan::X509_Certificate& issuer, std::string& why,
                         const std::function<void(const std::uint8_t*)>& on_hashed) {
    const std::optional<Scheme> scheme = scheme_for(crl.sig_alg);
    if (!scheme) {
        why = "unsupported signature algorithm";
        return false;
    }
    try {
        const std::unique_ptr<Botan::Public_Key> key(issuer.subject_public_key());
        if (key->algo_name() != scheme->key_algo) {
            why = "the CRL is signed with " + scheme->key_algo + " but the issuer's key is " + key->algo_name();
            return false;
        }
        Botan::PK_Verifier verifier(*key, scheme->padding, scheme->format);
        // Hash in slices so the caller can drop mapped pages behind us (a 1M-entry CRL is ~48 MB).
        const std::size_t slice = 4u << 20;
        for (std::size_t at = 0; at < crl.tbs.size; at += slice) {
            const std::size_t n = std::min(slice, crl.tbs.size - at);
            verifier.update(crl.tbs.data + at, n);
            if (on_hashed) {
                on_hashed(crl.tbs.data + at + n);
            }
        }
        if (!verifier.check_signature(crl.signature.data, crl.signature.size)) {
            why = "signature does not verify with the issuer's key";
            return false;
        }
        return true;
    } catch (const std::exception& e) {
        why = std::string("signature check failed: ") + e.what();
        return false;
    }
}

namespace {
// RFC 5280 6.3.3 (f): the CRL issuer is a certificate whose subject is the CRL's issuer name, whose key
// identifier matches the CRL's AKI, and which may sign CRLs. `why` says why the last candidate was refused.
bool signed_by_an_issuer(const ParsedCrl& crl, const std::vector<Botan::X509_Certificate>& issuers, std::string& why,
                         const std::function<void(const std::uint8_t*)>& on_hashed) {
    for (const Botan::X509_Certificate& cert : issuers) {
        if (!same_bytes(cert.raw_subject_dn(), crl.issuer)) {
            continue;
        }
        if (crl.aki && !cert.subject_key_id().empty() && cert.subject_key_id() != *crl.aki) {
            why = "the CRL's authority key identifier does not match the issuer certificate's";
            continue;
        }
        if (!cert.is_CA_cert()) {
            why = "the issuer certificate is not a CA (basicConstraints cA is false)";
            continue;
        }
        if (cert.constraints() != Botan::NO_CONSTRAINTS && !cert.allowed_usage(Botan::CRL_SIGN)) {
            why = "the issuer certificate may not sign CRLs (keyUsage lacks cRLSign)";
            continue;
        }
        if (check_crl_signature(crl, cert, why, on_hashed)) {
            return true;
        }
    }
    return false;
}
}  // namespace

Verdict verify_crl(const ParsedCrl& crl, const std::vector<Botan::X509_Certificate>& issuers,
                   const std::optional<LastGood>& last, const VerifyPolicy& policy,
                   const std::function<void(const std::uint8_t*)>& on_hashed) {
    Verdict v;
    v.issuer_dn = dn_slash_form(crl.issuer);
    v.crl_number_hex = crl.crl_number ? hex(*crl.crl_number) : "";
    if (crl.delta) {
        v.error = "delta CRLs are not supported (deltaCRLIndicator present)";
        return v;
    }
    std::string why = "no configured issuer certificate has the CRL's issuer name " + v.issuer_dn;
    if (!signed_by_an_issuer(crl, issuers, why, on_hashed)) {
        v.error = why;
        return v;
    }
    if (crl.this_update > policy.now + policy.clock_skew) {
        v.error = "thisUpdate " + time_text(crl.this_update) + " is in the future";
        return v;
    }
    if (last && last->crl_number && crl.crl_number && compare_magnitude(*crl.crl_number, *last->crl_number) < 0) {
        // RFC 5280 5.2.3: CRL numbers only grow. A lower one is a replayed old CRL that would quietly
        // un-revoke certificates, so it is refused even with a good signature.
        v.error = "CRL number " + hex(*crl.crl_number) + " is lower than the last good one (" +
                  hex(*last->crl_number) + "): rollback refused";
        return v;
    }
    if (crl.next_update && *crl.next_update < policy.now) {
        v.stale = true;
        const bool last_is_fresher = last && last->next_update && *last->next_update >= *crl.next_update;
        if (last_is_fresher) {
            v.error = "CRL expired: nextUpdate " + time_text(*crl.next_update) + " has passed";
            return v;
        }
    }
    v.accepted = true;
    return v;
}

}  // namespace certctl::crl
