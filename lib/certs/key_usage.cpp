// lib/certs/key_usage.cpp — the key usage and extended key usage rows (see key_usage.h).
#include "lib/certs/key_usage.h"

namespace certctl::certs {

const std::vector<KeyUsageName>& key_usage_names() {
    static const std::vector<KeyUsageName> rows = {
        {"digitalSignature", Botan::DIGITAL_SIGNATURE, true}, {"nonRepudiation", Botan::NON_REPUDIATION, true},
        {"keyEncipherment", Botan::KEY_ENCIPHERMENT, true},   {"dataEncipherment", Botan::DATA_ENCIPHERMENT, true},
        {"keyAgreement", Botan::KEY_AGREEMENT, true},         {"keyCertSign", Botan::KEY_CERT_SIGN, true},
        {"cRLSign", Botan::CRL_SIGN, true},                   {"encipherOnly", Botan::ENCIPHER_ONLY, false},
        {"decipherOnly", Botan::DECIPHER_ONLY, false}};
    return rows;
}

const std::vector<ExtendedKeyUsageName>& extended_key_usage_names() {
    static const std::vector<ExtendedKeyUsageName> rows = {
        {"serverAuth", "1.3.6.1.5.5.7.3.1", true},      {"clientAuth", "1.3.6.1.5.5.7.3.2", true},
        {"codeSigning", "1.3.6.1.5.5.7.3.3", true},     {"emailProtection", "1.3.6.1.5.5.7.3.4", true},
        {"timeStamping", "1.3.6.1.5.5.7.3.8", true},    {"OCSPSigning", "1.3.6.1.5.5.7.3.9", true},
        {"anyExtendedKeyUsage", "2.5.29.37.0", false}};
    return rows;
}

std::vector<std::string> key_usage_list(Botan::Key_Constraints usage) {
    std::vector<std::string> out;
    for (const KeyUsageName& row : key_usage_names()) {
        if ((usage & row.bit) != 0) {
            out.emplace_back(row.name);
        }
    }
    return out;
}

std::string eku_name(const std::string& oid) {
    for (const ExtendedKeyUsageName& row : extended_key_usage_names()) {
        if (oid == row.oid) {
            return row.name;
        }
    }
    return oid;
}

std::optional<std::string> issuable_eku_oid(const std::string& name) {
    for (const ExtendedKeyUsageName& row : extended_key_usage_names()) {
        if (row.issuable && name == row.name) {
            return std::string(row.oid);
        }
    }
    return std::nullopt;
}

}  // namespace certctl::certs
