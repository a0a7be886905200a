// lib/ca/cert_extensions.cpp — DER for the extensions Botan 2.19 cannot encode itself.
#include "lib/ca/cert_extensions.h"

#include <botan/ber_dec.h>
#include <botan/der_enc.h>

namespace certctl::ca {

namespace {
// DistributionPointName ::= [0] fullName GeneralNames { [6] uniformResourceIdentifier }
void der_full_name_uri(Botan::DER_Encoder& enc, const std::string& url) {
    enc.start_cons(Botan::ASN1_Tag(0), Botan::CONTEXT_SPECIFIC)
        .start_cons(Botan::ASN1_Tag(0), Botan::CONTEXT_SPECIFIC)
        .add_object(Botan::ASN1_Tag(6), Botan::CONTEXT_SPECIFIC, url)
        .end_cons()
        .end_cons();
}
}  // namespace

std::vector<std::uint8_t> der_crl_distribution_points(const std::string& url) {
    std::vector<std::uint8_t> out;
    Botan::DER_Encoder enc(out);
    enc.start_cons(Botan::SEQUENCE).start_cons(Botan::SEQUENCE);
    der_full_name_uri(enc, url);
    enc.end_cons().end_cons();
    return out;
}

std::vector<std::uint8_t> der_issuing_distribution_point(const std::string& url) {
    std::vector<std::uint8_t> out;
    Botan::DER_Encoder enc(out);
    enc.start_cons(Botan::SEQUENCE);
    der_full_name_uri(enc, url);
    enc.end_cons();
    return out;
}

std::vector<std::uint8_t> der_authority_info_access(const std::string& ca_issuers_url) {
    std::vector<std::uint8_t> out;
    Botan::DER_Encoder enc(out);
    enc.start_cons(Botan::SEQUENCE)
        .start_cons(Botan::SEQUENCE)
        .encode(Botan::OID("1.3.6.1.5.5.7.48.2"))
        .add_object(Botan::ASN1_Tag(6), Botan::CONTEXT_SPECIFIC, ca_issuers_url)
        .end_cons()
        .end_cons();
    return out;
}

std::vector<std::uint8_t> filter_subject_alt_name(const std::vector<std::uint8_t>& san_value) {
    std::vector<std::uint8_t> out;
    Botan::DER_Encoder enc(out);
    enc.start_cons(Botan::SEQUENCE);
    bool any = false;
    Botan::BER_Decoder names = Botan::BER_Decoder(san_value).start_cons(Botan::SEQUENCE);
    while (names.more_items()) {
        const Botan::BER_Object gn = names.get_next_object();
        // rfc822Name [1], dNSName [2], uniformResourceIdentifier [6], iPAddress [7]: all primitive.
        for (const unsigned tag : {1u, 2u, 6u, 7u}) {
            if (gn.is_a(static_cast<Botan::ASN1_Tag>(tag), Botan::CONTEXT_SPECIFIC)) {
                enc.add_object(static_cast<Botan::ASN1_Tag>(tag), Botan::CONTEXT_SPECIFIC, gn.bits(), gn.length());
                any = true;
            }
        }
    }
    enc.end_cons();
    return any ? out : std::vector<std::uint8_t>{};
}

std::vector<std::uint8_t> der_dns_san(const std::string& dns_name) {
    std::vector<std::uint8_t> out;
    Botan::DER_Encoder enc(out);
    enc.start_cons(Botan::SEQUENCE).add_object(Botan::ASN1_Tag(2), Botan::CONTEXT_SPECIFIC, dns_name).end_cons();
    return out;
}

}  // namespace certctl::ca
