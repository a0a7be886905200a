// lib/certs/crl_checks.cpp — the CRL rule table and its checks (see crl_checks.h).
#include "lib/certs/crl_checks.h"

#include "lib/core/der.h"

#include <botan/pkix_types.h>
#include <botan/x509_ext.h>

namespace certctl::certs {

namespace {
const Botan::OID k_crl_number("2.5.29.20");
const Botan::OID k_delta_indicator("2.5.29.27");
const Botan::OID k_issuing_dp("2.5.29.28");

const std::vector<RuleRow> k_rows = {
    {"crl_number_missing", "RFC 5280 5.2.3", "all", "a CRL carries a CRL number"},
    {"crl_number_critical", "RFC 5280 5.2.3", "all", "the CRL number extension is not critical"},
    {"crl_delta_unsupported", "RFC 5280 5.2.4", "all", "delta CRLs are refused (give the complete CRL)"},
    {"crl_indirect_unsupported", "RFC 5280 5.2.5", "all", "indirect CRLs are refused"},
    {"crl_scope_mismatch", "RFC 5280 5.2.5, 6.3.3 (b)", "all",
     "an onlyContainsUserCerts/onlyContainsCACerts CRL only covers those certificates"},
};

// The boolean [n] IMPLICIT fields of IssuingDistributionPoint that are TRUE (tag numbers 1..5).
std::vector<int> idp_flags(const std::vector<std::uint8_t>& der) {
    std::vector<int> out;
    const std::uint8_t* p = der.data();
    core::Tlv seq;
    if (!core::next_tlv(p, der.data() + der.size(), seq) || seq.tag != 0x30) {
        return out;
    }
    const std::uint8_t* q = seq.value.data;
    core::Tlv field;
    while (core::next_tlv(q, seq.value.end(), field)) {
        if (field.tag >= 0x81 && field.tag <= 0x85 && field.value.size == 1 && field.value.data[0] != 0) {
            out.push_back(field.tag & 0x1f);
        }
    }
    return out;
}

bool has_flag(const std::vector<int>& flags, int n) {
    for (const int f : flags) {
        if (f == n) {
            return true;
        }
    }
    return false;
}

RuleFinding finding(const char* code, const std::string& text, std::size_t position) {
    return {code, text, position};
}
}  // namespace

const std::vector<RuleRow>& crl_rule_table() {
    return k_rows;
}

std::vector<RuleFinding> check_crls(const std::vector<Botan::X509_CRL>& crls,
                                    const std::vector<std::shared_ptr<const Botan::X509_Certificate>>& path) {
    std::vector<RuleFinding> out;
    for (std::size_t i = 0; i + 1 < path.size(); ++i) {
        const Botan::X509_Certificate& cert = *path[i];
        for (const Botan::X509_CRL& crl : crls) {
            if (!(crl.issuer_dn() == cert.issuer_dn())) {
                continue;
            }
            const Botan::Extensions& exts = crl.extensions();
            const std::string who = "CRL of " + crl.issuer_dn().get_first_attribute("CN");
            if (!exts.extension_set(k_crl_number)) {
                out.push_back(finding("crl_number_missing", who + " has no CRL number", i));
            } else if (exts.critical_extension_set(k_crl_number)) {
                out.push_back(finding("crl_number_critical", who + " marks its CRL number critical", i));
            }
            if (exts.extension_set(k_delta_indicator)) {
                out.push_back(finding("crl_delta_unsupported",
                                      who + " is a delta CRL; certctl does not combine it with its base: give the "
                                            "complete CRL",
                                      i));
            }
            if (exts.extension_set(k_issuing_dp)) {
                const std::vector<int> flags = idp_flags(exts.get_extension_bits(k_issuing_dp));
                const bool ca = cert.is_CA_cert();
                if (has_flag(flags, 4)) {
                    out.push_back(finding("crl_indirect_unsupported",
                                          who + " is an indirect CRL; certctl does not follow certificate issuers "
                                                "inside a CRL",
                                          i));
                }
                if ((has_flag(flags, 1) && ca) || (has_flag(flags, 2) && !ca)) {
                    out.push_back(finding("crl_scope_mismatch",
                                          who + " covers only " + (has_flag(flags, 1) ? "end-entity" : "CA") +
                                              " certificates, not this one",
                                          i));
                }
            }
        }
    }
    return out;
}

}  // namespace certctl::certs
