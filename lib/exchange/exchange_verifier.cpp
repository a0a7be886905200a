// lib/exchange/exchange_verifier.cpp — signature, chain, root_cert_hash, roles and CSRs of exchange files.
#include "lib/exchange/exchange_verifier.h"

#include "lib/certs/cert_summary.h"
#include "lib/core/error.h"
#include "lib/exchange/cert_roles.h"
#include "lib/exchange/exchange_format.h"
#include "lib/exchange/exchange_signature.h"

#include <botan/certstor.h>
#include <botan/data_src.h>
#include <botan/oids.h>
#include <botan/pkcs10.h>
#include <botan/x509path.h>
#include <map>
#include <memory>

namespace certctl::exchange {

namespace {
using Status = Check::Status;

std::string cn_of(const Botan::X509_Certificate& c) {
    const std::string cn = c.subject_dn().get_first_attribute("CN");
    return cn.empty() ? c.subject_dn().to_string() : cn;
}

std::string lower(std::string s) {
    for (char& ch : s) {
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
    return s;
}

bool issued_by(const Botan::X509_Certificate& child, const Botan::X509_Certificate& issuer) {
    if (child.issuer_dn() != issuer.subject_dn()) {
        return false;
    }
    try {
        const std::unique_ptr<Botan::Public_Key> key = issuer.load_subject_public_key();
        return child.check_signature(*key);
    } catch (const Botan::Exception&) {
        return false;
    }
}

// Exactly one CERTIFICATE PEM block (a second block would be silently ignored by Botan).
std::optional<Botan::X509_Certificate> parse_pem_cert(const std::string& pem, std::string& why) {
    const std::size_t first = pem.find("-----BEGIN");
    if (first == std::string::npos) {
        why = "not a PEM certificate";
        return std::nullopt;
    }
    if (pem.find("-----BEGIN", first + 1) != std::string::npos) {
        why = "more than one PEM block";
        return std::nullopt;
    }
    try {
        Botan::DataSource_Memory src(pem);
        return Botan::X509_Certificate(src);
    } catch (const Botan::Exception& e) {
        why = std::string("does not parse: ") + e.what();
        return std::nullopt;
    }
}

class Verifier final {
public:
    Verifier(const ExchangeFile& file, const std::vector<Botan::X509_Certificate>& trusted, core::TimePoint at)
        : m_file(file), m_trusted(trusted), m_at(at) {
        m_report.kind = file.kind();
    }

    VerifyReport run() {
        if (m_file.is_response()) {
            response();
        } else {
            request();
        }
        return std::move(m_report);
    }

private:
    void add(const std::string& name, Status s, const std::string& detail) {
        m_report.checks.push_back({name, s, detail});
    }

    // A scalar field that must be present, signed for responses, and match `valid`.
    template <class Pred>
    void shape(const std::string& name, Pred valid, const std::string& expected, bool required = true) {
        const auto ref = m_file.field(name);
        if (!ref || ref->node->is_null()) {
            if (required) {
                add(name, Status::fail, "missing :" + name + ":");
            }
            return;
        }
        if (!ref->node->is_scalar()) {
            add(name, Status::fail, ":" + name + ": is not a plain value");
        } else if (m_file.is_response() && ref->where == Where::top_level) {
            add(name, Status::fail, ":" + name + ": sits outside :data:, so the signature does not cover it");
        } else if (!valid(ref->node->scalar)) {
            add(name, Status::fail, "'" + ref->node->scalar + "' is not " + expected);
        } else {
            add(name, Status::pass, ref->node->scalar);
        }
    }

    void response() {
        const bool authorization = m_file.kind() == FileKind::authorization;
        shape("collector_instance_id", is_uuid, "a UUID");
        if (authorization) {
            shape("status", [](const std::string& v) { return v == "success"; }, "success");
            shape("uuid", is_uuid, "a UUID");
            const auto uuid = m_file.scalar("uuid");
            const auto collector = m_file.scalar("collector_instance_id");
            if (uuid && collector && lower(*uuid) != lower(*collector)) {
                add("uuid", Status::fail, ":uuid: and :collector_instance_id: name different On-Prems");
            }
        }
        shape("last_generated", [](const std::string& v) { return parse_exchange_time(v).has_value(); },
              "a timestamp like 2017-Jul-20 11:22:16 UTC");
        shape("last_sync", [](const std::string& v) { return parse_exchange_time(v).has_value(); },
              "a timestamp like 2017-Jul-20 11:22:16 UTC", false);
        shape(
            "sync_type",
            [authorization](const std::string& v) {
                return authorization ? v == "FULL" : v == "FULL" || v == "PARTIAL";
            },
            authorization ? "FULL (an authorization is a full sync)" : "PARTIAL or FULL");
        embedded_certificates(authorization);
        const auto signer = signing_certificate();
        signature(signer);
        chain_and_root(signer);
        for (const CertRole& role : cert_roles()) {
            certificate_role(role);
        }
        const auto extra = m_file.unsigned_keys();
        if (!extra.empty()) {
            std::string list;
            for (const std::string& k : extra) {
                list += (list.empty() ? "" : ", ") + k;
            }
            add("unsigned_keys", Status::warn, "top-level keys outside the signature, ignored: " + list);
        }
    }

    // Collect the certificate fields: PEM parsed, signed placement required.
    void embedded_certificates(bool authorization) {
        for (const CertRole& role : cert_roles()) {
            const auto ref = m_file.field(role.field);
            if (!ref || ref->node->is_null()) {
                const bool required = authorization ? role.in_authorization : std::string(role.field) == "id_cert";
                if (required) {
                    add(role.field, Status::fail, "missing :" + std::string(role.field) + ":");
                }
                continue;
            }
            if (authorization && !role.in_authorization) {
                add(role.field, Status::fail, "an authorization carries exactly the eight certificates, never :" +
                                                  std::string(role.field) + ": (it reaches sync responses later)");
                continue;
            }
            if (ref->where == Where::top_level && std::string(role.field) != "signing_cert") {
                add(role.field, Status::fail, "sits outside :data:, so the signature does not cover it");
                continue;
            }
            if (ref->where == Where::top_level) {
                continue;  // the envelope's :signing_cert: (base64), handled by signing_certificate()
            }
            if (!ref->node->is_scalar()) {
                add(role.field, Status::fail, "is not a PEM block");
                continue;
            }
            std::string why;
            if (auto cert = parse_pem_cert(ref->node->scalar, why)) {
                m_certs.emplace(role.field, std::move(*cert));
            } else {
                add(role.field, Status::fail, why);
            }
        }
    }

    std::optional<Botan::X509_Certificate> signing_certificate() {
        std::optional<Botan::X509_Certificate> envelope;
        const YamlNode* top = m_file.root().find(":signing_cert");
        if (top != nullptr && top->is_scalar() && !top->scalar.empty()) {
            try {
                envelope = decode_certificate(top->scalar, ":signing_cert:");
            } catch (const core::Error& e) {
                add("signer", Status::fail, "the envelope's :signing_cert: " + e.why());
                return std::nullopt;
            }
        }
        const auto inner = m_certs.find("signing_cert");
        if (envelope && inner != m_certs.end() && envelope->BER_encode() != inner->second.BER_encode()) {
            add("signer", Status::fail, "the envelope's :signing_cert: differs from the one under :authentication:");
            return std::nullopt;
        }
        std::optional<Botan::X509_Certificate> signer = envelope;
        if (!signer && inner != m_certs.end()) {
            signer = inner->second;
        }
        if (!signer) {
            add("signer", Status::fail, "missing :signing_cert: (neither in the envelope nor under :authentication:)");
            return std::nullopt;
        }
        if (signer->is_CA_cert() || !signer->allowed_usage(Botan::DIGITAL_SIGNATURE)) {
            add("signer", Status::fail, "'" + cn_of(*signer) + "' is not a signing certificate "
                                              "(it must be an end entity allowed digitalSignature)");
            return std::nullopt;
        }
        add("signer", Status::pass, cn_of(*signer));
        return signer;
    }

    void signature(const std::optional<Botan::X509_Certificate>& signer) {
        const auto content = m_file.signed_content();
        if (!content) {
            add("signature", Status::fail, "no line ':data:' in column 0: nothing is signed");
            return;
        }
        const YamlNode* sig_node = m_file.root().find(":signature");
        if (sig_node == nullptr || !sig_node->is_scalar() || sig_node->scalar.empty()) {
            add("signature", Status::fail, "missing :signature:");
            return;
        }
        const auto sig = decode_base64(sig_node->scalar);
        if (!sig) {
            add("signature", Status::fail, ":signature: is not base64");
            return;
        }
        if (!signer) {
            add("signature", Status::fail, "cannot be checked without a usable signing certificate");
            return;
        }
        // The certificate parsed, yet its key is decoded only now: a point off its curve, a truncated RSA key.
        std::unique_ptr<Botan::Public_Key> key;
        try {
            key = signer->load_subject_public_key();
        } catch (const Botan::Exception& e) {
            add("signature", Status::fail,
                std::string("cannot be checked: the signing certificate's public key does not decode (") + e.what() +
                    ")");
            return;
        }
        if (verify_content(*content, *key, *sig)) {
            add("signature", Status::pass,
                "SHA-256 " + key->algo_name() + " signature over the " + std::to_string(content->size()) +
                    " bytes after :data: matches the signing certificate");
        } else {
            add("signature", Status::fail,
                "the signature does not match the signed content (" + std::to_string(content->size()) +
                    " bytes after :data:): the file was changed or signed by another key");
        }
    }

    void chain_and_root(const std::optional<Botan::X509_Certificate>& signer) {
        const YamlNode* hash_node = m_file.root().find(":root_cert_hash");
        const std::string claimed = hash_node != nullptr && hash_node->is_scalar() ? hash_node->scalar : "";
        if (m_trusted.empty()) {
            add("signing_chain", Status::fail, "no trusted root given (use --trust BUNDLE or --trust-file FILE)");
        } else if (signer) {
            Botan::Certificate_Store_In_Memory store;
            for (const auto& root : m_trusted) {
                store.add_certificate(root);
            }
            std::vector<Botan::X509_Certificate> chain = {*signer};
            for (const auto& [field, cert] : m_certs) {
                if (cert.is_CA_cert()) {
                    chain.push_back(cert);
                }
            }
            const Botan::Path_Validation_Restrictions restrictions;
            const Botan::Path_Validation_Result r =
                Botan::x509_path_validate(chain, restrictions, store, "", Botan::Usage_Type::UNSPECIFIED, m_at);
            if (r.successful_validation()) {
                m_report.root = r.trust_root();
                std::string path;
                for (const auto& c : r.cert_path()) {
                    path += (path.empty() ? "" : " -> ") + cn_of(*c);
                }
                add("signing_chain", Status::pass, path + " (trusted)");
            } else {
                add("signing_chain", Status::fail, "the signing certificate does not chain to a trusted root: " +
                                                       r.result_string());
            }
        } else {
            add("signing_chain", Status::fail, "cannot be checked without a usable signing certificate");
        }
        if (claimed.empty()) {
            add("root_cert_hash", Status::fail, "missing :root_cert_hash:");
        } else if (m_report.root) {
            const std::string actual = root_cert_hash(*m_report.root);
            if (actual == claimed) {
                add("root_cert_hash", Status::pass, claimed + " = SHA-256 of '" + cn_of(*m_report.root) + "'");
            } else {
                add("root_cert_hash", Status::fail, claimed + " is not the hash of the root '" +
                                                        cn_of(*m_report.root) + "' (" + actual + ")");
            }
        } else {
            bool known = false;
            for (const auto& root : m_trusted) {
                known = known || root_cert_hash(root) == claimed;
            }
            add("root_cert_hash", Status::fail,
                known ? claimed + " names a trusted root, but the signing chain does not reach it"
                      : claimed + " matches no trusted root");
        }
    }

    void certificate_role(const CertRole& role) {
        const auto it = m_certs.find(role.field);
        if (it == m_certs.end()) {
            return;
        }
        const Botan::X509_Certificate& c = it->second;
        const std::string name = role.field;
        if (const auto why = role_problem(role, c)) {
            add(name, Status::fail, "'" + cn_of(c) + "' is not fit for " + name + ": " + *why);
            return;
        }
        // Compared as ASN.1 times, which hold every year a certificate can carry (Botan's time_point does not).
        if (certs::not_yet_valid(c, m_at) || certs::expired(c, m_at)) {
            add(name, Status::fail, "'" + cn_of(c) + "' is not valid now (" + c.not_before().readable_string() +
                                        " .. " + c.not_after().readable_string() + ")");
            return;
        }
        std::string tried;
        for (const std::string& issuer : role.issuers) {
            const Botan::X509_Certificate* candidate = nullptr;
            if (issuer == k_root) {
                candidate = m_report.root ? &*m_report.root : nullptr;
            } else if (const auto found = m_certs.find(issuer); found != m_certs.end()) {
                candidate = &found->second;
            }
            tried += (tried.empty() ? "" : " or ") + issuer;
            if (candidate != nullptr && issued_by(c, *candidate)) {
                add(name, Status::pass, "'" + cn_of(c) + "' issued by " + issuer + " '" + cn_of(*candidate) + "'");
                return;
            }
        }
        add(name, Status::fail, "'" + cn_of(c) + "' is not signed by its expected issuer (" + tried +
                                    (m_report.root ? "" : "; the root is not established") + ")");
    }

    std::optional<std::string> role_problem(const CertRole& role, const Botan::X509_Certificate& c) const {
        if (role.ca && !c.is_CA_cert()) {
            return std::string("it must be a CA certificate (basicConstraints CA, keyCertSign)");
        }
        if (!role.ca && c.is_CA_cert()) {
            return std::string("it is a CA certificate, expected an end entity");
        }
        if (!role.ca && !c.allowed_usage(Botan::DIGITAL_SIGNATURE)) {
            return std::string("its key usage lacks digitalSignature");
        }
        if (role.eku != nullptr) {
            const std::string wanted =
                std::string("PKIX.") + (std::string(role.eku) == "clientAuth" ? "ClientAuth" : "ServerAuth");
            const auto ekus = c.extended_key_usage();
            bool found = ekus.empty();
            for (const Botan::OID& oid : ekus) {
                found = found || oid == Botan::OID::from_string(wanted);
            }
            if (!found) {
                return "its extended key usage lacks " + std::string(role.eku);
            }
        }
        if (std::string(role.field) == "id_cert") {
            const auto collector =
                m_file.is_response() ? m_file.scalar("collector_instance_id") : m_file.scalar("collector_id");
            const std::string cn = c.subject_dn().get_first_attribute("CN");
            if (collector && lower(cn) != lower(*collector)) {
                return "its CN '" + cn + "' is not the On-Prem's UUID " + *collector;
            }
        }
        return std::nullopt;
    }

    void csr(const std::string& field, bool required) {
        const auto ref = m_file.field(field);
        if (!ref || ref->node->is_null() || (ref->node->is_scalar() && ref->node->scalar.empty())) {
            if (required) {
                add(field, Status::fail, "missing :" + field + ":");
            }
            return;
        }
        if (!ref->node->is_scalar() || ref->node->scalar.find("-----BEGIN") == std::string::npos) {
            add(field, Status::fail, "is not a PEM certificate request");
            return;
        }
        try {
            Botan::DataSource_Memory src(ref->node->scalar);
            const Botan::PKCS10_Request req(src);
            const std::unique_ptr<Botan::Public_Key> key(req.subject_public_key());
            if (!req.check_signature(*key)) {
                add(field, Status::fail, "the request's signature is bad");
                return;
            }
            const std::string cn = req.subject_dn().get_first_attribute("CN");
            add(field, Status::pass, "'" + (cn.empty() ? req.subject_dn().to_string() : cn) + "', " + key->algo_name() +
                                         ", signature ok");
        } catch (const Botan::Exception& e) {
            const std::string what = e.what();
            add(field, Status::fail, what.find("signature") != std::string::npos
                                         ? "the request's signature is bad"
                                         : "does not parse as a certificate request: " + what);
        }
    }

    void request() {
        const auto is_time = [](const std::string& v) { return parse_exchange_time(v).has_value(); };
        const std::string time_shape = "a timestamp like 2017-Jul-20 11:22:16 UTC";
        if (m_file.kind() == FileKind::registration) {
            shape("instance_id", is_uuid, "a UUID (8-4-4-4-12 hex digits)");
            shape("exported_timestamp", is_time, time_shape);
            csr("lcs_csr", true);
            csr("tg_csr", true);
            csr("ssms_csr", true);
            return;
        }
        shape("collector_id", is_uuid, "a UUID (8-4-4-4-12 hex digits)");
        shape("sync_type", [](const std::string& v) { return v == "FULL" || v == "PARTIAL"; }, "PARTIAL or FULL");
        shape("last_generated", is_time, time_shape);
        shape("last_sync", is_time, time_shape, false);
        for (const char* field : {"id_cert", "signing_cert"}) {
            const auto ref = m_file.field(field);
            if (!ref || !ref->node->is_scalar() || ref->node->scalar.empty()) {
                add(field, Status::fail, std::string("missing :") + field + ":");
                continue;
            }
            std::string why;
            const auto cert = parse_pem_cert(ref->node->scalar, why);
            if (!cert) {
                add(field, Status::fail, why);
            } else if (const auto problem = role_problem(*find_role(field), *cert)) {
                add(field, Status::fail, "'" + cn_of(*cert) + "' is not fit for " + field + ": " + *problem);
            } else {
                add(field, Status::pass, "'" + cn_of(*cert) + "'");
            }
        }
        csr("csr", false);
        csr("tg_csr", false);
        csr("ssms_csr", false);
    }

    const ExchangeFile& m_file;
    const std::vector<Botan::X509_Certificate>& m_trusted;
    core::TimePoint m_at;
    VerifyReport m_report;
    std::map<std::string, Botan::X509_Certificate> m_certs;
};
}  // namespace

const char* check_status_name(Check::Status s) {
    switch (s) {
        case Check::Status::pass: return "ok";
        case Check::Status::fail: return "FAIL";
        case Check::Status::warn: return "warn";
    }
    return "?";
}

bool VerifyReport::valid() const {
    for (const Check& c : checks) {
        if (c.status == Check::Status::fail) {
            return false;
        }
    }
    return true;
}

VerifyReport verify_exchange(const ExchangeFile& file, const std::vector<Botan::X509_Certificate>& trusted,
                             core::TimePoint at) {
    return Verifier(file, trusted, at).run();
}

}  // namespace certctl::exchange
