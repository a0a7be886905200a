// lib/certs/policy_facts.cpp — DER of certificatePolicies, policyMappings, policyConstraints, inhibitAnyPolicy.
#include "lib/certs/policy_facts.h"

#include <botan/ber_dec.h>
#include <botan/bigint.h>
#include <botan/x509_ext.h>
#include <limits>

namespace certctl::certs {

namespace {
const Botan::OID k_policies("2.5.29.32");
const Botan::OID k_mappings("2.5.29.33");
const Botan::OID k_constraints("2.5.29.36");
const Botan::OID k_inhibit_any("2.5.29.54");

// SkipCerts ::= INTEGER (0..MAX); anything past size_t is as good as "never".
std::size_t skip_certs(const Botan::BigInt& n) {
    if (n.is_negative()) {
        throw Botan::Decoding_Error("negative SkipCerts");
    }
    return n.bits() > 31 ? std::numeric_limits<std::size_t>::max() / 2 : static_cast<std::size_t>(n.to_u32bit());
}

std::vector<std::string> decode_policies(const std::vector<std::uint8_t>& der) {
    std::vector<std::string> out;
    Botan::BER_Decoder outer(der);
    Botan::BER_Decoder seq = outer.start_cons(Botan::SEQUENCE);
    while (seq.more_items()) {
        Botan::OID oid;
        Botan::BER_Decoder info = seq.start_cons(Botan::SEQUENCE);
        info.decode(oid);
        info.discard_remaining();  // policyQualifiers: informational only (RFC 5280 4.2.1.4)
        info.end_cons();
        out.push_back(oid.to_string());
    }
    seq.end_cons();
    outer.verify_end();
    return out;
}

std::vector<std::pair<std::string, std::string>> decode_mappings(const std::vector<std::uint8_t>& der) {
    std::vector<std::pair<std::string, std::string>> out;
    Botan::BER_Decoder outer(der);
    Botan::BER_Decoder seq = outer.start_cons(Botan::SEQUENCE);
    while (seq.more_items()) {
        Botan::OID issuer_domain;
        Botan::OID subject_domain;
        Botan::BER_Decoder pair = seq.start_cons(Botan::SEQUENCE);
        pair.decode(issuer_domain).decode(subject_domain).verify_end();
        pair.end_cons();
        out.emplace_back(issuer_domain.to_string(), subject_domain.to_string());
    }
    seq.end_cons();
    outer.verify_end();
    return out;
}

void decode_constraints(const std::vector<std::uint8_t>& der, PolicyFacts& out) {
    Botan::BER_Decoder outer(der);
    Botan::BER_Decoder seq = outer.start_cons(Botan::SEQUENCE);
    while (seq.more_items()) {
        const Botan::BER_Object obj = seq.get_next_object();
        if (obj.length() == 0 || (obj.bits()[0] & 0x80) != 0) {
            throw Botan::Decoding_Error("SkipCerts is empty or negative");
        }
        const Botan::BigInt n = Botan::BigInt::decode(obj.bits(), obj.length());
        if (obj.is_a(0, Botan::ASN1_Tag::CONTEXT_SPECIFIC)) {
            out.require_explicit_policy = skip_certs(n);
        } else if (obj.is_a(1, Botan::ASN1_Tag::CONTEXT_SPECIFIC)) {
            out.inhibit_policy_mapping = skip_certs(n);
        } else {
            throw Botan::Decoding_Error("unexpected field in policyConstraints");
        }
    }
    seq.end_cons();
    outer.verify_end();
    if (!out.require_explicit_policy && !out.inhibit_policy_mapping) {
        throw Botan::Decoding_Error("empty policyConstraints");  // RFC 5280 4.2.1.11: MUST NOT be empty
    }
}
}  // namespace

bool is_policy_extension(const std::string& oid) {
    return oid == k_mappings.to_string() || oid == k_constraints.to_string() || oid == k_inhibit_any.to_string();
}

PolicyFacts read_policy_facts(const Botan::X509_Certificate& cert) {
    PolicyFacts out;
    out.self_issued = cert.subject_dn() == cert.issuer_dn();
    const auto raw = cert.v3_extensions().extensions_raw();
    const auto decode = [&](const Botan::OID& oid, const char* name, const auto& fn) {
        const auto it = raw.find(oid);
        if (it == raw.end() || !out.malformed.empty()) {
            return;
        }
        try {
            fn(it->second.first);
        } catch (const std::exception&) {
            out.malformed = name;
        }
    };
    decode(k_policies, "certificatePolicies", [&](const auto& der) { out.policies = decode_policies(der); });
    decode(k_mappings, "policyMappings", [&](const auto& der) { out.mappings = decode_mappings(der); });
    decode(k_constraints, "policyConstraints", [&](const auto& der) { decode_constraints(der, out); });
    decode(k_inhibit_any, "inhibitAnyPolicy", [&](const auto& der) {
        Botan::BigInt n;
        Botan::BER_Decoder(der).decode(n).verify_end();
        out.inhibit_any_policy = skip_certs(n);
    });
    return out;
}

}  // namespace certctl::certs
