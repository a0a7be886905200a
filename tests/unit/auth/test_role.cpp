// tests/unit/auth/test_role.cpp — every row of the role table and what it allows.
#include "lib/auth/role.h"
#include "lib/core/error.h"

#include <doctest/doctest.h>

using namespace certctl;
using auth::Permission;

TEST_SUITE("auth::Role") {
    TEST_CASE("each role allows exactly its permissions") {
        struct Expect {
            const char* name;
            bool read, provision, administer;
        };
        const Expect expected[] = {
            {"admin", true, true, true}, {"operator", true, true, false}, {"read-only", true, false, false}};
        REQUIRE(auth::roles().size() == std::size(expected));
        for (const Expect& e : expected) {
            CAPTURE(e.name);
            const auth::Role& r = auth::role_named(e.name);
            CHECK(auth::allows(r, Permission::read) == e.read);
            CHECK(auth::allows(r, Permission::provision) == e.provision);
            CHECK(auth::allows(r, Permission::administer) == e.administer);
        }
    }
    TEST_CASE("an unknown role is a usage error naming the roles") {
        try {
            auth::role_named("root");
            FAIL("no error");
        } catch (const core::Error& e) {
            CHECK(e.code() == core::Errc::usage);
            CHECK(e.why().find("admin, operator and read-only") != std::string::npos);
        }
    }
}
