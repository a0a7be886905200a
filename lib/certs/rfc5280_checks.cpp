// lib/certs/rfc5280_checks.cpp — the rule table and its checks (see rfc5280_checks.h). Each row reads one
// thing from one certificate; the DER is read directly where Botan 2.19 decodes leniently or not at all.
#include "lib/certs/rfc5280_checks.h"

#include "lib/certs/general_names.h"
#include "lib/core/der.h"

#include <botan/hex.h>
#include <botan/pk_keys.h>
#include <botan/x509_ext.h>
#include <algorithm>
#include <cctype>
#include <functional>

namespace certctl::certs {

namespace {
const Botan::OID k_aki("2.5.29.35");
const Botan::OID k_ski("2.5.29.14");
const Botan::OID k_ku("2.5.29.15");
const Botan::OID k_san("2.5.29.17");
const Botan::OID k_bc("2.5.29.19");
const Botan::OID k_nc("2.5.29.30");
const Botan::OID k_pc("2.5.29.36");
const Botan::OID k_eku("2.5.29.37");
const Botan::OID k_aia("1.3.6.1.5.5.7.1.1");
const Botan::OID k_ec_public_key("1.2.840.10045.2.1");

// One certificate as the rules see it.
struct Subject {
    const Botan::X509_Certificate& cert;
    PathRole role;
    bool ca = false;           // basicConstraints cA
    bool self_issued = false;  // subject == issuer: RFC 5280's exemptions name self-signed certificates, and Botan
                               // 2.19 does not see every self-signed root as such (an unusual signature algorithm)
    const Botan::Extensions& exts;

    bool has(const Botan::OID& oid) const { return exts.extension_set(oid); }
    bool critical(const Botan::OID& oid) const { return exts.critical_extension_set(oid); }
    std::vector<std::uint8_t> bits(const Botan::OID& oid) const { return exts.get_extension_bits(oid); }
    // A root in the Web PKI sense: the anchor, self-signed.
    bool root() const { return role == PathRole::anchor && self_issued; }
};

// The serialNumber's INTEGER contents, read from the TBSCertificate (Botan keeps only its magnitude).
std::vector<std::uint8_t> raw_serial(const Botan::X509_Certificate& c) {
    const std::vector<std::uint8_t>& tbs = c.signed_body();
    const std::uint8_t* p = tbs.data();
    core::Tlv t;
    if (!core::next_tlv(p, tbs.data() + tbs.size(), t)) {
        return {};
    }
    if (t.tag == 0xa0 && !core::next_tlv(p, tbs.data() + tbs.size(), t)) {
        return {};
    }
    return t.tag == 0x02 ? std::vector<std::uint8_t>(t.value.data, t.value.end()) : std::vector<std::uint8_t>{};
}

// AuthorityInfoAccessSyntax ::= SEQUENCE SIZE (1..MAX) OF SEQUENCE { accessMethod OID, accessLocation GeneralName }.
bool aia_well_formed(const std::vector<std::uint8_t>& der) {
    const std::uint8_t* p = der.data();
    const std::uint8_t* end = p + der.size();
    core::Tlv seq;
    if (!core::next_tlv(p, end, seq) || seq.tag != 0x30 || p != end || seq.value.empty()) {
        return false;
    }
    const std::uint8_t* q = seq.value.data;
    while (q != seq.value.end()) {
        core::Tlv desc;
        core::Tlv method;
        core::Tlv location;
        if (!core::next_tlv(q, seq.value.end(), desc) || desc.tag != 0x30) {
            return false;
        }
        const std::uint8_t* r = desc.value.data;
        if (!core::next_tlv(r, desc.value.end(), method) || method.tag != 0x06 ||
            !core::next_tlv(r, desc.value.end(), location) || (location.tag & 0x80) == 0 || r != desc.value.end()) {
            return false;
        }
    }
    return true;
}

bool dns_syntax_ok(const std::string& name) {
    // RFC 5280 4.2.1.6: the preferred name syntax of RFC 1034 as RFC 1123 relaxed it (labels of letters,
    // digits and hyphens, not starting or ending with a hyphen); a leading "*" label is tolerated here and
    // judged by the host name matcher.
    if (name.empty() || name.size() > 253 || ip_octets(name).size() == 4) {
        return false;
    }
    std::size_t start = 0;
    while (start <= name.size()) {
        const std::size_t dot = std::min(name.find('.', start), name.size());
        const std::string label = name.substr(start, dot - start);
        if (label.empty() || label.size() > 63) {
            return dot == name.size() && start == name.size() && start > 0;  // one trailing dot is allowed
        }
        if (!(start == 0 && label == "*")) {
            for (const char c : label) {
                if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') {
                    return false;
                }
                if (static_cast<unsigned char>(c) >= 0x80) {
                    return false;
                }
            }
            if (label.front() == '-' || label.back() == '-') {
                return false;
            }
        }
        start = dot + 1;
    }
    return true;
}

// Why a SAN is malformed, or "".
std::string san_problem(const Subject& s) {
    const std::optional<SubjectAltNames> san = subject_alt_names(s.cert);
    if (!san) {
        return {};
    }
    if (san->malformed) {
        return "its DER encoding does not parse";
    }
    if (san->names.empty()) {
        return "it names nothing (GeneralNames must hold at least one name)";
    }
    for (const GeneralName& n : san->names) {
        if (n.tag == 2 && !dns_syntax_ok(n.text())) {
            return "the dNSName \"" + n.text() + "\" is not a host name (letters, digits, hyphens, dots)";
        }
        if (n.tag == 7 && n.value.size() != 4 && n.value.size() != 16) {
            return "an iPAddress of " + std::to_string(n.value.size()) + " octets (must be 4 or 16)";
        }
        if (n.tag == 1 && std::count(n.value.begin(), n.value.end(), '@') != 1) {
            return "the rfc822Name \"" + n.text() + "\" is not a mailbox";
        }
        if ((n.tag == 1 || n.tag == 2 || n.tag == 6) &&
            std::any_of(n.value.begin(), n.value.end(), [](std::uint8_t b) { return b >= 0x80 || b < 0x20; })) {
            return "a name that is not IA5String (ASCII) text";
        }
    }
    return {};
}

std::string key_problem_webpki(const Botan::X509_Certificate& c) {
    try {
        const std::unique_ptr<Botan::Public_Key> key = c.load_subject_public_key();
        const std::string algo = key->algo_name();
        if (algo == "RSA") {
            const std::size_t bits = key->key_length();
            if (bits < 2048 || bits % 8 != 0) {
                return "RSA key of " + std::to_string(bits) + " bits (at least 2048, a multiple of 8)";
            }
        } else if (algo == "ECDSA") {
            const std::string params = Botan::hex_encode(c.subject_public_key_algo().get_parameters());
            // The DER OIDs of P-256, P-384 and P-521.
            if (params != "06082A8648CE3D030107" && params != "06052B81040022" && params != "06052B81040023") {
                return "ECDSA key on a curve other than P-256, P-384 or P-521";
            }
        } else if (algo == "DSA") {
            return "DSA key (not allowed)";
        }
    } catch (const std::exception& e) {
        return std::string("public key does not load: ") + e.what();
    }
    return {};
}

// Whether the subject CN values all appear among the SAN entries, as the BR require, byte for byte.
std::string cn_not_in_san(const Subject& s) {
    const std::optional<SubjectAltNames> san = subject_alt_names(s.cert);
    for (const std::string& cn : s.cert.subject_dn().get_attribute("CN")) {
        bool found = false;
        if (san && !san->malformed) {
            for (const GeneralName& n : san->names) {
                found = found || (n.tag == 2 && n.text() == cn) || (n.tag == 7 && ip_text(n.value) == cn);
            }
        }
        if (!found) {
            return "the common name \"" + cn + "\" is not one of the subjectAltName entries";
        }
    }
    return {};
}

std::string root_aki_problem(const Subject& s) {
    const std::vector<std::uint8_t> der = s.bits(k_aki);
    const std::uint8_t* p = der.data();
    core::Tlv seq;
    if (!core::next_tlv(p, der.data() + der.size(), seq) || seq.tag != 0x30) {
        return "authorityKeyIdentifier does not parse";
    }
    std::vector<std::uint8_t> key_id;
    const std::uint8_t* q = seq.value.data;
    core::Tlv part;
    while (core::next_tlv(q, seq.value.end(), part)) {
        if (part.tag == 0x80) {
            key_id.assign(part.value.data, part.value.end());
        } else {
            return "authorityKeyIdentifier carries authorityCertIssuer or authorityCertSerialNumber";
        }
    }
    if (key_id.empty()) {
        return "authorityKeyIdentifier lacks the keyIdentifier";
    }
    if (s.has(k_ski) && key_id != s.cert.subject_key_id()) {
        return "authorityKeyIdentifier differs from the subjectKeyIdentifier of the same root";
    }
    return {};
}

using Check = std::function<std::string(const Subject&)>;

struct Rule {
    RuleRow row;
    Check check;  // "" when the certificate keeps the rule, else what is wrong
};

std::string when(bool broken, const char* text) {
    return broken ? text : "";
}

// Long by design: the rule table, one row a rule (code, the certificates it applies to, the check), so a
// rule is added as a row and every row is covered by the table's unit test.
const std::vector<Rule>& rules() {
    static const std::vector<Rule> table = {
        {{"serial_zero", "RFC 5280 4.1.2.2", "all",
          "serialNumber must be positive (not zero); a trust anchor is an input, not checked"},
         [](const Subject& s) {
             const auto v = raw_serial(s.cert);
             return when(s.role != PathRole::anchor && !v.empty() &&
                             std::all_of(v.begin(), v.end(), [](std::uint8_t b) { return b == 0; }),
                         "serial number is zero");
         }},
        {{"serial_negative", "RFC 5280 4.1.2.2", "all", "serialNumber must be positive (not negative)"},
         [](const Subject& s) {
             const auto v = raw_serial(s.cert);
             return when(s.role != PathRole::anchor && !v.empty() && (v[0] & 0x80) != 0, "serial number is negative");
         }},
        {{"serial_too_long", "RFC 5280 4.1.2.2", "all", "serialNumber at most 20 octets"},
         [](const Subject& s) {
             return when(s.role != PathRole::anchor && raw_serial(s.cert).size() > 20,
                         "serial number is longer than 20 octets");
         }},
        {{"issuer_empty", "RFC 5280 4.1.2.4", "all", "issuer must be a non-empty name"},
         [](const Subject& s) { return when(s.cert.issuer_dn().empty(), "issuer name is empty"); }},
        {{"ca_subject_empty", "RFC 5280 4.1.2.6", "all", "a CA's subject must be non-empty"},
         [](const Subject& s) {
             return when(s.ca && s.cert.subject_dn().empty(), "CA certificate with an empty subject");
         }},
        {{"empty_subject_san_not_critical", "RFC 5280 4.2.1.6", "all",
          "an empty subject needs a critical subjectAltName"},
         [](const Subject& s) {
             return when(s.cert.subject_dn().empty() && !(s.has(k_san) && s.critical(k_san)),
                         "empty subject without a critical subjectAltName");
         }},
        {{"aki_missing", "RFC 5280 4.2.1.1", "all",
          "authorityKeyIdentifier present except in self-signed certificates"},
         [](const Subject& s) { return when(!s.self_issued && !s.has(k_aki), "no authorityKeyIdentifier extension"); }},
        {{"aki_critical", "RFC 5280 4.2.1.1", "all", "authorityKeyIdentifier must not be critical"},
         [](const Subject& s) { return when(s.critical(k_aki), "authorityKeyIdentifier is marked critical"); }},
        {{"ski_missing", "RFC 5280 4.2.1.2", "all", "CA certificates carry a subjectKeyIdentifier"},
         [](const Subject& s) { return when(s.ca && !s.has(k_ski), "CA certificate without a subjectKeyIdentifier"); }},
        {{"ski_critical", "RFC 5280 4.2.1.2", "all", "subjectKeyIdentifier must not be critical"},
         [](const Subject& s) { return when(s.critical(k_ski), "subjectKeyIdentifier is marked critical"); }},
        {{"basic_constraints_not_critical", "RFC 5280 4.2.1.9", "all",
          "a CA certificate that verifies signatures marks basicConstraints critical"},
         [](const Subject& s) {
             return when(s.ca && s.role != PathRole::end_entity && !s.critical(k_bc),
                         "basicConstraints of a CA certificate is not critical");
         }},
        {{"key_cert_sign_without_ca", "RFC 5280 4.2.1.3, 4.2.1.9", "all", "keyCertSign only with basicConstraints cA"},
         [](const Subject& s) {
             return when(!s.ca && s.has(k_ku) && (s.cert.constraints() & Botan::KEY_CERT_SIGN) != 0,
                         "keyUsage keyCertSign without basicConstraints cA");
         }},
        {{"ca_without_key_cert_sign", "RFC 5280 4.2.1.3, 4.2.1.9", "all",
          "an issuing CA with a keyUsage extension asserts keyCertSign"},
         [](const Subject& s) {
             return when(s.ca && s.role != PathRole::end_entity && s.has(k_ku) &&
                             (s.cert.constraints() & Botan::KEY_CERT_SIGN) == 0,
                         "CA certificate whose keyUsage lacks keyCertSign");
         }},
        {{"san_malformed", "RFC 5280 4.2.1.6", "all", "subjectAltName entries well-formed"},
         [](const Subject& s) {
             const std::string why = san_problem(s);
             return why.empty() ? why : "malformed subjectAltName: " + why;
         }},
        {{"eku_empty", "RFC 5280 4.2.1.12", "all", "extKeyUsage holds at least one purpose"},
         [](const Subject& s) {
             return when(s.has(k_eku) && s.bits(k_eku) == std::vector<std::uint8_t>{0x30, 0x00},
                         "extendedKeyUsage extension lists no purpose");
         }},
        {{"aia_malformed", "RFC 5280 4.2.2.1", "all", "authorityInfoAccess is one or more AccessDescriptions"},
         [](const Subject& s) {
             return when(s.has(k_aia) && !aia_well_formed(s.bits(k_aia)), "malformed authorityInfoAccess");
         }},
        {{"aia_critical", "RFC 5280 4.2.2.1", "all", "authorityInfoAccess must not be critical"},
         [](const Subject& s) { return when(s.critical(k_aia), "authorityInfoAccess is marked critical"); }},
        {{"ec_explicit_parameters", "RFC 5480 2.1.1", "all", "EC keys name their curve (no explicit parameters)"},
         [](const Subject& s) {
             const Botan::AlgorithmIdentifier& a = s.cert.subject_public_key_algo();
             return when(a.get_oid() == k_ec_public_key && !a.get_parameters().empty() && a.get_parameters()[0] != 0x06,
                         "EC public key with explicit curve parameters instead of a named curve");
         }},
        {{"name_constraints_not_ca", "RFC 5280 4.2.1.10", "all", "nameConstraints only in CA certificates"},
         [](const Subject& s) {
             return when(!s.ca && s.has(k_nc), "nameConstraints in a certificate that is not a CA");
         }},
        {{"name_constraints_not_critical", "RFC 5280 4.2.1.10", "rfc5280", "nameConstraints marked critical"},
         [](const Subject& s) { return when(s.has(k_nc) && !s.critical(k_nc), "nameConstraints is not critical"); }},
        {{"policy_constraints_not_critical", "RFC 5280 4.2.1.11", "all", "policyConstraints marked critical"},
         [](const Subject& s) { return when(s.has(k_pc) && !s.critical(k_pc), "policyConstraints is not critical"); }},
        // CA/Browser Forum Baseline Requirements for TLS server certificates.
        {{"version_not_v3", "CABF BR 7.1.1", "webpki", "certificates are X.509 v3"},
         [](const Subject& s) { return when(s.cert.x509_version() != 3, "not an X.509 v3 certificate"); }},
        {{"key_forbidden", "CABF BR 6.1.5", "webpki", "RSA >= 2048 bits (multiple of 8), ECDSA P-256/384/521, no DSA"},
         [](const Subject& s) { return key_problem_webpki(s.cert); }},
        {{"eku_missing", "CABF BR 7.1.2.7.10", "webpki", "a subscriber certificate has extKeyUsage"},
         [](const Subject& s) {
             return when(s.role == PathRole::end_entity && !s.has(k_eku), "no extendedKeyUsage extension");
         }},
        {{"eku_any", "CABF BR 7.1.2.7.10", "webpki", "a subscriber certificate does not assert anyExtendedKeyUsage"},
         [](const Subject& s) {
             const auto& ekus = s.cert.extended_key_usage();
             return when(s.role == PathRole::end_entity &&
                             std::find(ekus.begin(), ekus.end(), Botan::OID("2.5.29.37.0")) != ekus.end(),
                         "extendedKeyUsage asserts anyExtendedKeyUsage");
         }},
        {{"eku_critical", "CABF BR 7.1.2.7.10", "webpki", "a subscriber certificate's extKeyUsage is not critical"},
         [](const Subject& s) {
             return when(s.role == PathRole::end_entity && s.critical(k_eku), "extendedKeyUsage is marked critical");
         }},
        {{"root_has_eku", "CABF BR 7.1.2.1.2", "webpki", "a root certificate has no extKeyUsage"},
         [](const Subject& s) { return when(s.root() && s.has(k_eku), "root certificate with an extendedKeyUsage"); }},
        {{"root_aki_invalid", "CABF BR 7.1.2.1.3", "webpki", "a root's AKI, if any, is its own keyIdentifier only"},
         [](const Subject& s) { return s.root() && s.has(k_aki) ? root_aki_problem(s) : ""; }},
        {{"san_missing", "CABF BR 7.1.2.7.12", "webpki", "a subscriber certificate has a subjectAltName"},
         [](const Subject& s) {
             return when(s.role == PathRole::end_entity && !s.has(k_san), "no subjectAltName extension");
         }},
        {{"san_critical_with_subject", "CABF BR 7.1.2.7.12", "webpki",
          "subjectAltName critical only for an empty subject"},
         [](const Subject& s) {
             return when(s.role == PathRole::end_entity && s.critical(k_san) && !s.cert.subject_dn().empty(),
                         "subjectAltName is critical although the subject is not empty");
         }},
        {{"cn_not_in_san", "CABF BR 7.1.4.3", "webpki", "the subject CN is one of the SAN entries"},
         [](const Subject& s) { return s.role == PathRole::end_entity ? cn_not_in_san(s) : ""; }},
        {{"leaf_is_ca", "CABF BR 7.1.2.7.8", "webpki", "a subscriber certificate is not a CA"},
         [](const Subject& s) {
             return when(s.role == PathRole::end_entity && s.ca, "end-entity certificate with basicConstraints cA");
         }},
    };
    return table;
}
}  // namespace

const std::vector<RuleRow>& rule_table() {
    static const std::vector<RuleRow> rows = [] {
        std::vector<RuleRow> out;
        for (const Rule& r : rules()) {
            out.push_back(r.row);
        }
        return out;
    }();
    return rows;
}

std::vector<RuleFinding> check_rules(const std::vector<std::shared_ptr<const Botan::X509_Certificate>>& path,
                                     Profile profile) {
    std::vector<RuleFinding> out;
    for (std::size_t i = 0; i < path.size(); ++i) {
        const Botan::X509_Certificate& c = *path[i];
        const auto* bc = c.v3_extensions().get_extension_object_as<Botan::Cert_Extension::Basic_Constraints>();
        const PathRole role = i == 0                 ? PathRole::end_entity
                              : i + 1 == path.size() ? PathRole::anchor
                                                     : PathRole::intermediate;
        const Subject s{c, role, bc != nullptr && bc->get_is_ca(), c.subject_dn() == c.issuer_dn(), c.v3_extensions()};
        for (const Rule& r : rules()) {
            if (std::string(r.row.profiles) != "all" && r.row.profiles != std::string(profile_name(profile))) {
                continue;
            }
            std::string text = r.check(s);
            if (!text.empty()) {
                out.push_back({r.row.code, std::move(text), i});
            }
        }
    }
    return out;
}

}  // namespace certctl::certs
