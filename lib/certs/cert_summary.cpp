// lib/certs/cert_summary.cpp — certificate fields turned into contract-shaped values (see cert_summary.h).
#include "lib/certs/cert_summary.h"

#include "lib/certs/key_usage.h"
#include "lib/csr/subject.h"
#include "lib/core/serial_text.h"

#include <botan/ber_dec.h>
#include <botan/ecc_key.h>
#include <botan/hash.h>
#include <botan/hex.h>
#include <botan/x509_ext.h>
#include <cstdio>

namespace certctl::certs {

namespace {
std::string lower_hex(const std::vector<std::uint8_t>& bytes) { return Botan::hex_encode(bytes, false); }

// Botan keeps only the serial's magnitude (0 as no bytes at all, -5 as 05), so the INTEGER is read from the
// TBSCertificate again and printed with its sign.
std::string serial_text(const Botan::X509_Certificate& cert) {
    try {
        Botan::BER_Decoder body(cert.tbs_data());
        Botan::BER_Decoder tbs = body.start_cons(Botan::SEQUENCE);
        Botan::BER_Object obj = tbs.get_next_object();
        if (obj.is_a(0, Botan::ASN1_Tag(Botan::CONSTRUCTED | Botan::CONTEXT_SPECIFIC))) {  // [0] version
            obj = tbs.get_next_object();
        }
        if (obj.is_a(Botan::INTEGER, Botan::UNIVERSAL)) {
            return core::serial_text(obj.bits(), obj.length());
        }
    } catch (const std::exception&) {
        // Botan parsed this certificate already; a body it cannot re-read keeps the magnitude.
    }
    const std::vector<std::uint8_t>& magnitude = cert.serial_number();
    return magnitude.empty() ? "00" : lower_hex(magnitude);
}

std::vector<std::string> san_entries(const Botan::Extensions& exts) {
    std::vector<std::string> out;
    const Botan::OID san_oid("2.5.29.17");
    if (!exts.extension_set(san_oid)) {
        return out;
    }
    try {
        Botan::BER_Decoder names = Botan::BER_Decoder(exts.get_extension_bits(san_oid)).start_cons(Botan::SEQUENCE);
        while (names.more_items()) {
            const Botan::BER_Object gn = names.get_next_object();
            const std::uint8_t* b = gn.bits();
            const std::string text(reinterpret_cast<const char*>(b), gn.length());
            char ip[48] = {0};
            if (gn.is_a(1, Botan::CONTEXT_SPECIFIC)) {
                out.push_back("email:" + text);
            } else if (gn.is_a(2, Botan::CONTEXT_SPECIFIC)) {
                out.push_back("DNS:" + text);
            } else if (gn.is_a(6, Botan::CONTEXT_SPECIFIC)) {
                out.push_back("URI:" + text);
            } else if (gn.is_a(7, Botan::CONTEXT_SPECIFIC) && gn.length() == 4) {
                std::snprintf(ip, sizeof ip, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
                out.push_back(std::string("IP:") + ip);
            } else if (gn.is_a(7, Botan::CONTEXT_SPECIFIC) && gn.length() == 16) {
                std::string v6;
                for (std::size_t i = 0; i < 16; i += 2) {
                    std::snprintf(ip, sizeof ip, "%x", b[i] << 8 | b[i + 1]);
                    v6 += (i != 0 ? ":" : "") + std::string(ip);
                }
                out.push_back("IP:" + v6);
            } else {
                out.push_back("other:[" + std::to_string(static_cast<int>(gn.type())) + "]");
            }
        }
    } catch (const std::exception&) {
        out.push_back("other:[unreadable]");
    }
    return out;
}

std::string key_description(const Botan::X509_Certificate& cert, CertSummary& s) {
    try {
        const std::unique_ptr<Botan::Public_Key> pub = cert.load_subject_public_key();
        s.key_algorithm = pub->algo_name();
        s.key_bits = pub->key_length();
        std::string out = pub->algo_name() + " " + std::to_string(pub->key_length());
        if (const auto* ec = dynamic_cast<const Botan::EC_PublicKey*>(pub.get())) {
            out = pub->algo_name() + " " + ec->domain().get_curve_oid().to_formatted_string();
        }
        return out;
    } catch (const std::exception&) {
        return "unknown";
    }
}
}  // namespace

std::string dn_string(const Botan::X509_DN& dn) { return csr::dn_to_string(dn); }

std::string time_rfc3339(const Botan::X509_Time& t) {
    // readable_string() is "YYYY/MM/DD HH:MM:SS UTC" for every year, unlike to_std_timepoint().
    std::string r = t.readable_string();
    if (r.size() < 19) {
        return r;
    }
    return r.substr(0, 4) + "-" + r.substr(5, 2) + "-" + r.substr(8, 2) + "T" + r.substr(11, 8) + "Z";
}

bool not_yet_valid(const Botan::X509_Certificate& cert, core::TimePoint at) {
    return Botan::X509_Time(at) < cert.not_before();
}

bool expired(const Botan::X509_Certificate& cert, core::TimePoint at) {
    return cert.not_after() < Botan::X509_Time(at);
}

std::string fingerprint_sha256(const std::uint8_t* data, std::size_t size) {
    // One hash object per thread: the scan of a directory of certificates asks for thousands of these.
    static thread_local const std::unique_ptr<Botan::HashFunction> sha256 =
        Botan::HashFunction::create_or_throw("SHA-256");
    sha256->update(data, size);
    return Botan::hex_encode(sha256->final(), false);
}

std::string fingerprint_sha256(const std::vector<std::uint8_t>& der) {
    return fingerprint_sha256(der.data(), der.size());
}

std::string fingerprint_sha256(const Botan::X509_Certificate& cert) { return fingerprint_sha256(cert.BER_encode()); }

namespace {
void add_role_facts(const Botan::X509_Certificate& cert, CertSummary& s) {
    s.key_usage = key_usage_list(cert.constraints());
    for (const Botan::OID& oid : cert.extended_key_usage()) {
        s.extended_key_usage.push_back(eku_name(oid.to_string()));
    }
    if (const auto bc = cert.v3_extensions().get_extension_object_as<Botan::Cert_Extension::Basic_Constraints>()) {
        s.has_basic_constraints = true;
        s.is_ca = bc->get_is_ca();
        if (s.is_ca && cert.path_limit() != Botan::Cert_Extension::NO_CERT_PATH_LIMIT) {
            s.path_len = cert.path_limit();
        }
    }
}
}  // namespace

CertSummary role_facts(const Botan::X509_Certificate& cert) {
    CertSummary s;
    add_role_facts(cert, s);
    return s;
}

CertSummary summarize(const Botan::X509_Certificate& cert) {
    CertSummary s;
    s.subject = dn_string(cert.subject_dn());
    s.issuer = dn_string(cert.issuer_dn());
    s.issuer_slash = csr::dn_to_slash_string(cert.issuer_dn());
    s.common_name = cert.subject_dn().get_first_attribute("CN");
    s.serial = serial_text(cert);
    s.not_before = time_rfc3339(cert.not_before());
    s.not_after = time_rfc3339(cert.not_after());
    s.fingerprint = fingerprint_sha256(cert);
    s.public_key_sha256 = fingerprint_sha256(cert.subject_public_key_info());
    s.public_key = key_description(cert, s);
    try {
        s.signature_algorithm = cert.signature_algorithm().get_oid().to_formatted_string();
    } catch (const std::exception&) {
        s.signature_algorithm = cert.signature_algorithm().get_oid().to_string();
    }
    try {
        s.signature_hash = cert.hash_used_for_signature();
        if (s.signature_hash == "SHA-160") {
            s.signature_hash = "SHA-1";
        }
    } catch (const std::exception&) {
        s.signature_hash = "unknown";
    }
    add_role_facts(cert, s);
    s.self_signed = cert.is_self_signed();
    s.subject_alt_names = san_entries(cert.v3_extensions());
    if (const auto dp =
            cert.v3_extensions().get_extension_object_as<Botan::Cert_Extension::CRL_Distribution_Points>()) {
        for (const auto& point : dp->distribution_points()) {
            for (const std::string& uri : point.point().get_attribute("URI")) {
                s.crl_urls.push_back(uri);
            }
        }
    }
    return s;
}

nlohmann::json to_json(const CertSummary& s) {
    return {{"subject", s.subject},
            {"issuer", s.issuer},
            {"common_name", s.common_name},
            {"serial", s.serial},
            {"not_before", s.not_before},
            {"not_after", s.not_after},
            {"fingerprint", s.fingerprint},
            {"public_key", s.public_key},
            {"public_key_sha256", s.public_key_sha256},
            {"signature_algorithm", s.signature_algorithm},
            {"signature_hash", s.signature_hash},
            {"key_usage", s.key_usage},
            {"extended_key_usage", s.extended_key_usage},
            {"is_ca", s.is_ca},
            {"path_len", s.path_len ? nlohmann::json(*s.path_len) : nlohmann::json(nullptr)},
            {"self_signed", s.self_signed},
            {"subject_alt_names", s.subject_alt_names},
            {"crl_urls", s.crl_urls}};
}

}  // namespace certctl::certs
