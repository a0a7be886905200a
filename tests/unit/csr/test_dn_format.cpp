// tests/unit/csr/test_dn_format.cpp — the one DN formatter: every attribute name of its table, RFC 4514
// escaping, the slash form, unknown attributes by OID.
#include "lib/csr/subject.h"

#include <botan/asn1_obj.h>
#include <doctest/doctest.h>

using namespace certctl;

namespace {
Botan::X509_DN one(const char* oid, const std::string& value) {
    Botan::X509_DN dn;
    dn.add_attribute(Botan::OID(oid), value);
    return dn;
}
}  // namespace

TEST_SUITE("csr::dn_to_string") {
    TEST_CASE("every attribute of the table has its short name (RFC 4519 / PKCS #9 / RFC 4524)") {
        // Expected names written from the RFCs, not from the formatter's table.
        const std::vector<std::pair<const char*, const char*>> rows = {
            {"2.5.4.3", "CN"},
            {"2.5.4.6", "C"},
            {"2.5.4.8", "ST"},
            {"2.5.4.7", "L"},
            {"2.5.4.10", "O"},
            {"2.5.4.11", "OU"},
            {"2.5.4.5", "serialNumber"},
            {"1.2.840.113549.1.9.1", "emailAddress"},
            {"0.9.2342.19200300.100.1.25", "DC"},
            {"0.9.2342.19200300.100.1.1", "UID"},
            {"2.5.4.9", "street"},
            {"2.5.4.17", "postalCode"},
            {"2.5.4.12", "title"},
            {"2.5.4.42", "GN"},
            {"2.5.4.4", "SN"},
        };
        for (const auto& [oid, name] : rows) {
            CAPTURE(oid);
            const Botan::X509_DN dn = one(oid, "v1");
            CHECK(csr::dn_to_string(dn) == std::string(name) + "=v1");
            CHECK(csr::dn_to_slash_string(dn) == "/" + std::string(name) + "=v1");
            CHECK(csr::dn_attribute_name(Botan::OID(oid)) == name);
        }
    }
    TEST_CASE("an attribute outside the table is shown by its dotted OID") {
        CHECK(csr::dn_to_string(one("1.3.6.1.4.1.311.60.2.1.3", "DE")) == "1.3.6.1.4.1.311.60.2.1.3=DE");
        CHECK(csr::dn_to_slash_string(one("2.5.4.15", "Private")) == "/2.5.4.15=Private");
    }
    TEST_CASE("encoding order is kept, comma-separated, and an empty DN is empty") {
        Botan::X509_DN dn;
        dn.add_attribute(Botan::OID("2.5.4.6"), "DE");
        dn.add_attribute(Botan::OID("2.5.4.10"), "Example");
        dn.add_attribute(Botan::OID("2.5.4.3"), "web01");
        CHECK(csr::dn_to_string(dn) == "C=DE, O=Example, CN=web01");
        CHECK(csr::dn_to_slash_string(dn) == "/C=DE/O=Example/CN=web01");
        CHECK(csr::dn_to_string(Botan::X509_DN()).empty());
        CHECK(csr::dn_to_slash_string(Botan::X509_DN()).empty());
    }
    TEST_CASE("RFC 4514 2.4 escaping: specials anywhere, '#' and space at the start, space at the end") {
        CHECK(csr::dn_to_string(one("2.5.4.10", "Example, Inc.")) == "O=Example\\, Inc.");
        CHECK(csr::dn_to_string(one("2.5.4.3", "a+b\"c\\d<e>f;g")) == "CN=a\\+b\\\"c\\\\d\\<e\\>f\\;g");
        CHECK(csr::dn_to_string(one("2.5.4.3", "#x")) == "CN=\\#x");
        CHECK(csr::dn_to_string(one("2.5.4.3", "x#")) == "CN=x#");
        CHECK(csr::dn_to_string(one("2.5.4.3", " x ")) == "CN=\\ x\\ ");
        CHECK(csr::dn_to_string(one("2.5.4.3", "a b")) == "CN=a b");
    }
    TEST_CASE("the slash form leaves values as they are") {
        CHECK(csr::dn_to_slash_string(one("2.5.4.10", "Example, Inc.")) == "/O=Example, Inc.");
    }
}
