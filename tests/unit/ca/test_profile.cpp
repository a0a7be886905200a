// tests/unit/ca/test_profile.cpp — every built-in row validates; custom TOML profiles are checked at load.
#include "lib/ca/profile.h"
#include "lib/core/error.h"

#include <doctest/doctest.h>

using namespace certctl;

namespace {
core::Errc load_error(const std::string& toml) {
    ca::ProfileSet set;
    try {
        set.load_text(toml, "test.toml");
    } catch (const core::Error& e) {
        return e.code();
    }
    return core::Errc::internal;  // "no error" marker
}
}  // namespace

TEST_SUITE("ca::Profile") {
    TEST_CASE("the built-in table validates and has the contract's names") {
        const ca::ProfileSet set;
        for (const char* name : {"root", "sub-ca", "signing", "id-cert", "satellite", "local-sub-ca",
                                 "local-sub-ca-1-1", "tg-issuer", "tg-ssl", "ssms-ssl", "tls-server", "tls-client"}) {
            CAPTURE(name);
            REQUIRE(set.find(name) != nullptr);
            CHECK(set.origin(name) == "built-in");
        }
        CHECK(set.all().size() == ca::builtin_profile_rows().size());
        CHECK(set.get("id-cert").default_days == 365);
        CHECK(set.get("satellite").path_len == std::optional<std::size_t>(1));
        CHECK(set.get("local-sub-ca-1-1").path_len == std::optional<std::size_t>(0));
        CHECK_FALSE(set.get("root").path_len.has_value());
        CHECK(set.get("root").self_signed);
        CHECK(set.get("tg-ssl").eku_oids == std::vector<std::string>{"1.3.6.1.5.5.7.3.1"});
        CHECK((set.get("tg-ssl").ku_rsa_bits & Botan::KEY_ENCIPHERMENT) != 0);
        for (const ca::Profile& p : set.all()) {
            CAPTURE(p.name);
            CHECK(p.ca == ((p.ku_bits & Botan::KEY_CERT_SIGN) != 0));
        }
    }
    TEST_CASE("unknown profile is a usage error") {
        const ca::ProfileSet set;
        CHECK_THROWS_AS(set.get("nope"), core::Error);
        try {
            set.get("nope");
        } catch (const core::Error& e) {
            CHECK(e.code() == core::Errc::usage);
            CHECK(e.hint().find("tls-server") != std::string::npos);
        }
    }
    TEST_CASE("key types") {
        const ca::ProfileSet set;
        const ca::Profile& p = set.get("tls-server");
        CHECK(p.allows_key("ec:secp256r1", 256));
        CHECK(p.allows_key("rsa", 2048));
        CHECK_FALSE(p.allows_key("rsa", 1024));
        CHECK_FALSE(p.allows_key("ed25519", 256));
        CHECK_FALSE(p.allows_key("ec:brainpool256r1", 256));
    }
    TEST_CASE("custom profiles: add, override from a base, reject faults at load") {
        ca::ProfileSet set;
        set.load_text(R"(
[profiles.lab-web]
base = "tls-server"
default_days = 30
max_days = 90
key_types = ["ec:secp256r1"]

[profiles.tls-client]
base = "tls-client"
extended_key_usage = ["clientAuth", "1.3.6.1.4.1.99999.1"]
)", "custom.toml");
        CHECK(set.get("lab-web").default_days == 30);
        CHECK(set.get("lab-web").eku_oids == std::vector<std::string>{"1.3.6.1.5.5.7.3.1"});
        CHECK_FALSE(set.get("lab-web").allows_key("rsa", 4096));
        CHECK(set.origin("lab-web") == "custom.toml");
        CHECK(set.get("tls-client").eku_oids.size() == 2);
        CHECK(set.origin("tls-client") == "custom.toml");

        CHECK(load_error("[profiles.x]\nkey_usage = [\"digitalSignature\"]\nbogus = 1\n") == core::Errc::bad_input);
        CHECK(load_error("[profiles.x]\nkey_usage = [\"digitalSignatur\"]\n") == core::Errc::bad_input);
        CHECK(load_error("[profiles.x]\nca = true\nkey_usage = [\"digitalSignature\"]\n") == core::Errc::bad_input);
        CHECK(load_error("[profiles.x]\nkey_usage = [\"keyCertSign\"]\n") == core::Errc::bad_input);
        CHECK(load_error("[profiles.x]\nkey_usage = [\"digitalSignature\"]\npath_len = 1\n") == core::Errc::bad_input);
        CHECK(load_error("[profiles.x]\nkey_usage = [\"digitalSignature\"]\ndefault_days = 400\nmax_days = 30\n") ==
              core::Errc::bad_input);
        CHECK(load_error("[profiles.x]\nkey_usage = [\"digitalSignature\"]\nkey_types = [\"dsa\"]\n") ==
              core::Errc::bad_input);
        CHECK(load_error("[profiles.x]\nkey_usage = [\"digitalSignature\"]\nextended_key_usage = [\"fly\"]\n") ==
              core::Errc::bad_input);
        CHECK(load_error("[profiles.x]\nbase = \"nope\"\n") == core::Errc::bad_input);
        CHECK(load_error("[profiles.\"bad/name\"]\nkey_usage = [\"digitalSignature\"]\n") == core::Errc::bad_input);
        CHECK(load_error("[other]\n") == core::Errc::bad_input);
        CHECK(load_error("[profiles.x\n") == core::Errc::bad_input);
        CHECK(load_error("[profiles.x]\nkey_usage = [\"digitalSignature\"]\nhash = \"SHA-1\"\n") == core::Errc::bad_input);
        CHECK(load_error("[profiles.x]\nkey_usage = [\"digitalSignature\"]\nsan = \"all\"\n") == core::Errc::bad_input);
        CHECK(load_error("[profiles.x]\nkey_usage = [\"digitalSignature\"]\n") == core::Errc::internal);  // fine
    }
}
