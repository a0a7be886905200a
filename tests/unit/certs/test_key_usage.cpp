// tests/unit/certs/test_key_usage.cpp — the key usage / EKU name table: every row, in both directions.
#include "lib/certs/key_usage.h"

#include <doctest/doctest.h>
#include <set>

using namespace certctl;

TEST_SUITE("certs::key_usage") {
    TEST_CASE("every key usage bit of RFC 5280 4.2.1.3 has its name; the CA never issues the last two") {
        // Written from RFC 5280, not from the table.
        const std::vector<std::tuple<Botan::Key_Constraints, const char*, bool>> rows = {
            {Botan::DIGITAL_SIGNATURE, "digitalSignature", true}, {Botan::NON_REPUDIATION, "nonRepudiation", true},
            {Botan::KEY_ENCIPHERMENT, "keyEncipherment", true},   {Botan::DATA_ENCIPHERMENT, "dataEncipherment", true},
            {Botan::KEY_AGREEMENT, "keyAgreement", true},         {Botan::KEY_CERT_SIGN, "keyCertSign", true},
            {Botan::CRL_SIGN, "cRLSign", true},                   {Botan::ENCIPHER_ONLY, "encipherOnly", false},
            {Botan::DECIPHER_ONLY, "decipherOnly", false}};
        REQUIRE(certs::key_usage_names().size() == rows.size());
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const auto& [bit, name, issuable] = rows[i];
            CAPTURE(name);
            CHECK(certs::key_usage_names()[i].bit == bit);
            CHECK(std::string(certs::key_usage_names()[i].name) == name);
            CHECK(certs::key_usage_names()[i].issuable == issuable);
            CHECK(certs::key_usage_list(bit) == std::vector<std::string>{name});
        }
        CHECK(certs::key_usage_list(static_cast<Botan::Key_Constraints>(Botan::KEY_CERT_SIGN | Botan::CRL_SIGN |
                                                                         Botan::DIGITAL_SIGNATURE)) ==
              std::vector<std::string>{"digitalSignature", "keyCertSign", "cRLSign"});
        CHECK(certs::key_usage_list(Botan::NO_CONSTRAINTS).empty());
    }
    TEST_CASE("every extended key usage of RFC 5280 4.2.1.12 by name and OID") {
        const std::vector<std::tuple<const char*, const char*, bool>> rows = {
            {"serverAuth", "1.3.6.1.5.5.7.3.1", true},   {"clientAuth", "1.3.6.1.5.5.7.3.2", true},
            {"codeSigning", "1.3.6.1.5.5.7.3.3", true},  {"emailProtection", "1.3.6.1.5.5.7.3.4", true},
            {"timeStamping", "1.3.6.1.5.5.7.3.8", true}, {"OCSPSigning", "1.3.6.1.5.5.7.3.9", true},
            {"anyExtendedKeyUsage", "2.5.29.37.0", false}};
        REQUIRE(certs::extended_key_usage_names().size() == rows.size());
        for (const auto& [name, oid, issuable] : rows) {
            CAPTURE(name);
            CHECK(certs::eku_name(oid) == name);
            if (issuable) {
                CHECK(certs::issuable_eku_oid(name) == std::optional<std::string>(oid));
            } else {
                CHECK_FALSE(certs::issuable_eku_oid(name).has_value());
            }
        }
        CHECK(certs::eku_name("1.2.3.4") == "1.2.3.4");
        CHECK_FALSE(certs::issuable_eku_oid("serverauth").has_value());
    }
}
