// tests/unit/auth/test_password.cpp — Argon2id hashes: form, salt, check, the length rule.
#include "lib/auth/password.h"
#include "lib/core/error.h"

#include <botan/system_rng.h>
#include <doctest/doctest.h>

using namespace certctl;

TEST_SUITE("auth::password") {
    TEST_CASE("hashes are Argon2id with our parameters, salted, and check only the right password") {
        const std::string a = auth::hash_password("correct horse battery", Botan::system_rng());
        const std::string b = auth::hash_password("correct horse battery", Botan::system_rng());
        CHECK(a.rfind("$argon2id$v=19$m=19456,t=2,p=1$", 0) == 0);
        CHECK(a != b);  // a fresh salt each time
        CHECK(auth::check_password("correct horse battery", a));
        CHECK(auth::check_password("correct horse battery", b));
        CHECK_FALSE(auth::check_password("correct horse batterY", a));
        CHECK_FALSE(auth::check_password("", a));
        CHECK_FALSE(auth::check_password("correct horse battery", "not a hash"));
        CHECK_FALSE(auth::check_password("correct horse battery", ""));
    }
    TEST_CASE("passwords shorter than twelve characters are refused") {
        CHECK_THROWS_AS(auth::check_password_rule("alice", "elevenchars"), core::Error);
        CHECK_NOTHROW(auth::check_password_rule("alice", "twelve chars"));
    }
}
