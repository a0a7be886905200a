// lib/ca/cert_extensions.h — the extensions Botan 2.19 cannot write (CDP, IDP, AIA caIssuers), as raw DER,
// and the CSR's subjectAltName reduced to the name types a profile may copy.
#pragma once
#include <botan/asn1_obj.h>
#include <botan/x509_ext.h>
#include <cstdint>
#include <string>
#include <vector>

namespace certctl::ca {

// An extension supplied as its DER value (Botan 2.19 has no class for it, so it is encoded here).
class RawExtension final : public Botan::Certificate_Extension {
public:
    RawExtension(const Botan::OID& oid, std::vector<std::uint8_t> der) : m_oid(oid), m_der(std::move(der)) {}
    Botan::OID oid_of() const override { return m_oid; }
    std::string oid_name() const override { return "Raw." + m_oid.to_string(); }
    RawExtension* copy() const override { return new RawExtension(m_oid, m_der); }
    void contents_to(Botan::Data_Store&, Botan::Data_Store&) const override {}

private:
    std::vector<std::uint8_t> encode_inner() const override { return m_der; }
    void decode_inner(const std::vector<std::uint8_t>& in) override { m_der = in; }
    Botan::OID m_oid;
    std::vector<std::uint8_t> m_der;
};

// 2.5.29.31 CRLDistributionPoints with one fullName URI.
std::vector<std::uint8_t> der_crl_distribution_points(const std::string& url);
// 2.5.29.28 IssuingDistributionPoint naming the same URI (what Botan's path validation matches).
std::vector<std::uint8_t> der_issuing_distribution_point(const std::string& url);
// 1.3.6.1.5.5.7.1.1 AuthorityInfoAccess with one caIssuers URI.
std::vector<std::uint8_t> der_authority_info_access(const std::string& ca_issuers_url);
// 2.5.29.17 from the CSR's SAN value: only rfc822Name, dNSName, URI and iPAddress entries are kept (IPv6
// included, which Botan's AlternativeName would drop). Empty result when nothing is left. Throws
// Botan::Decoding_Error on malformed input.
std::vector<std::uint8_t> filter_subject_alt_name(const std::vector<std::uint8_t>& san_value);
// 2.5.29.17 with one dNSName.
std::vector<std::uint8_t> der_dns_san(const std::string& dns_name);

}  // namespace certctl::ca
