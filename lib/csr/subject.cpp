// lib/csr/subject.cpp — subject fields: limits from RFC 5280 appendix A, encoding as OpenSSL writes it.
#include "lib/csr/subject.h"

#include "lib/core/error.h"
#include "lib/csr/utf8.h"

#include <algorithm>
#include <botan/asn1_obj.h>
#include <botan/oids.h>
#include <cctype>

namespace certctl::csr {

namespace {
// One row per field: flag for messages, Botan's attribute name, short name, RFC 5280 upper bound.
struct Field {
    std::string Subject::*member;
    const char* flag;
    const char* botan_name;
    const char* short_name;
    std::size_t max_length;
};
const std::vector<Field> k_fields = {
    {&Subject::country, "--country", "X520.Country", "C", 2},
    {&Subject::state, "--state", "X520.State", "ST", 128},
    {&Subject::locality, "--locality", "X520.Locality", "L", 128},
    {&Subject::organization, "--org", "X520.Organization", "O", 64},
    {&Subject::org_unit, "--org-unit", "X520.OrganizationalUnit", "OU", 64},
    {&Subject::common_name, "--cn", "X520.CommonName", "CN", 64},
    {&Subject::email, "--email", "PKCS9.EmailAddress", "emailAddress", 255},
};

// The DN formatter's attribute table: short names by OID, for attributes that appear in real-world DNs.
const std::vector<std::pair<const char*, const char*>> k_display_names = {
    {"2.5.4.3", "CN"},          {"2.5.4.6", "C"},
    {"2.5.4.8", "ST"},          {"2.5.4.7", "L"},
    {"2.5.4.10", "O"},          {"2.5.4.11", "OU"},
    {"2.5.4.5", "serialNumber"}, {"1.2.840.113549.1.9.1", "emailAddress"},
    {"0.9.2342.19200300.100.1.25", "DC"}, {"0.9.2342.19200300.100.1.1", "UID"},
    {"2.5.4.9", "street"},      {"2.5.4.17", "postalCode"},
    {"2.5.4.12", "title"},      {"2.5.4.42", "GN"},
    {"2.5.4.4", "SN"},
};

[[noreturn]] void refuse(const Field& f, const std::string& value, const std::string& why,
                         const std::string& hint = {}) {
    throw core::Error(core::Errc::usage, std::string("invalid ") + f.flag, value, why, hint);
}

// RFC 4514 2.4: escape the characters that would change the meaning of the string form.
std::string escape(const std::string& value) {
    std::string out;
    for (std::size_t i = 0; i < value.size(); ++i) {
        const char c = value[i];
        const bool special = c == ',' || c == '+' || c == '"' || c == '\\' || c == '<' || c == '>' || c == ';' ||
                             (i == 0 && (c == '#' || c == ' ')) || (i + 1 == value.size() && c == ' ');
        if (special) {
            out += '\\';
        }
        out += c;
    }
    return out;
}
}  // namespace

void Subject::validate() {
    for (const Field& f : k_fields) {
        const std::string& value = this->*f.member;
        if (!is_valid_utf8(value)) {
            refuse(f, sanitize_utf8(value), "not valid UTF-8");
        }
        if (std::any_of(value.begin(), value.end(), [](unsigned char c) { return c < 0x20 || c == 0x7F; })) {
            refuse(f, value, "control characters are not allowed");
        }
        if (utf8_length(value) > f.max_length && f.member != &Subject::country) {
            refuse(f, value, "longer than " + std::to_string(f.max_length) + " characters (RFC 5280 upper bound)");
        }
    }
    if (common_name.empty() ||
        std::all_of(common_name.begin(), common_name.end(), [](unsigned char c) { return c == ' '; })) {
        throw core::Error(core::Errc::usage, "invalid --cn", common_name, "the common name must not be empty",
                          "give the host or service name, e.g. --cn web01.example.net");
    }
    if (!country.empty()) {
        if (country.size() != 2 ||
            !std::all_of(country.begin(), country.end(), [](unsigned char c) { return std::isalpha(c) != 0; })) {
            refuse(k_fields[0], country, "the country must be two letters (ISO 3166-1 alpha-2)", "e.g. --country DE");
        }
        std::transform(country.begin(), country.end(), country.begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    }
    if (!email.empty()) {
        const std::size_t at = email.find('@');
        if (at == 0 || at == std::string::npos || at + 1 == email.size() ||
            email.find('@', at + 1) != std::string::npos ||
            std::any_of(email.begin(), email.end(), [](unsigned char c) { return c >= 0x80 || c == ' '; })) {
            refuse(k_fields[6], email, "not an e-mail address (ASCII local@domain)");
        }
    }
}

Botan::X509_DN Subject::to_dn() const {
    Botan::X509_DN dn;
    for (const Field& f : k_fields) {
        const std::string& value = this->*f.member;
        if (value.empty()) {
            continue;
        }
        const Botan::OID oid = Botan::OID::from_string(f.botan_name);
        if (f.member == &Subject::email) {
            // PKCS #9 says IA5String; Botan's default would be UTF8String, which OpenSSL rejects under
            // name constraints.
            dn.add_attribute(oid, Botan::ASN1_String(value, Botan::IA5_STRING));
        } else {
            dn.add_attribute(oid, Botan::ASN1_String(value));
        }
    }
    return dn;
}

Subject Subject::from_dn(const Botan::X509_DN& dn) {
    Subject s;
    for (const Field& f : k_fields) {
        s.*f.member = sanitize_utf8(dn.get_first_attribute(f.botan_name));
    }
    return s;
}

nlohmann::json Subject::to_json() const {
    return {{"common_name", common_name}, {"country", country},         {"state", state},
            {"locality", locality},       {"organization", organization}, {"org_unit", org_unit},
            {"email", email}};
}

Subject Subject::from_json(const nlohmann::json& j) {
    Subject s;
    s.common_name = j.value("common_name", "");
    s.country = j.value("country", "");
    s.state = j.value("state", "");
    s.locality = j.value("locality", "");
    s.organization = j.value("organization", "");
    s.org_unit = j.value("org_unit", "");
    s.email = j.value("email", "");
    return s;
}

std::string dn_attribute_name(const Botan::OID& oid) {
    const std::string dotted = oid.to_string();
    for (const auto& [o, n] : k_display_names) {
        if (dotted == o) {
            return n;
        }
    }
    return dotted;
}

std::string dn_to_string(const Botan::X509_DN& dn) {
    std::string out;
    for (const auto& [oid, value] : dn.dn_info()) {
        out += (out.empty() ? "" : ", ") + dn_attribute_name(oid) + "=" + escape(sanitize_utf8(value.value()));
    }
    return out;
}

std::string dn_to_slash_string(const Botan::X509_DN& dn) {
    std::string out;
    for (const auto& [oid, value] : dn.dn_info()) {
        out += "/" + dn_attribute_name(oid) + "=" + sanitize_utf8(value.value());
    }
    return out;
}

}  // namespace certctl::csr
