// tests/unit/exchange/test_exchange_format.cpp — timestamps, UUIDs, key spellings and the signed byte range.
#include "lib/core/error.h"
#include "lib/core/rfc3339.h"
#include "lib/exchange/exchange_file.h"
#include "lib/exchange/exchange_format.h"

#include <doctest/doctest.h>

using namespace certctl;

TEST_SUITE("exchange::format") {
    TEST_CASE("timestamps in the vendor's shape, both ways") {
        const auto t = core::parse_time("2017-07-20T11:22:16Z");
        CHECK(exchange::format_exchange_time(t) == "2017-Jul-20 11:22:16 UTC");
        CHECK(exchange::parse_exchange_time("2017-Jul-20 11:22:16 UTC") == t);
        CHECK_FALSE(exchange::parse_exchange_time("2017-07-20 11:22:16 UTC"));
        CHECK_FALSE(exchange::parse_exchange_time("2017-Jul-20 11:22:16 CET"));
        CHECK_FALSE(exchange::parse_exchange_time("2017-Feb-31 11:22:16 UTC"));
        CHECK_FALSE(exchange::parse_exchange_time("2017-Jul-20 11:22:16 UTC "));
    }
    TEST_CASE("UUID syntax only, any case, any version") {
        CHECK(exchange::is_uuid("4cdd0470-e5e4-0132-a310-005056841670"));
        CHECK(exchange::is_uuid("4CDD0470-E5E4-0132-A310-005056841670"));
        CHECK_FALSE(exchange::is_uuid("4cdd0470e5e40132a310005056841670"));
        CHECK_FALSE(exchange::is_uuid("4cdd0470-e5e4-0132-a310-00505684167g"));
    }
    TEST_CASE("key spellings reduce to one") {
        CHECK(exchange::normalise_key(":last-sync") == "last_sync");
        CHECK(exchange::normalise_key(":smart account") == "smart_account");
    }
    TEST_CASE("the signed range is the :data: block up to the next column-0 line, comments and blanks inside") {
        const std::string text = "---\n:data:\n  :a: 1\n\n# note\n  :b: 2\n:signature: x\n";
        const auto r = exchange::find_signed_range(text);
        REQUIRE(r);
        CHECK(text.substr(r->offset, r->length) == "  :a: 1\n\n# note\n  :b: 2\n");
        CHECK_FALSE(exchange::find_signed_range("---\n:data: {}\n"));
        CHECK(exchange::find_signed_range(":data: \t\n  :a: 1\n")->length == 8);
    }
    TEST_CASE("two spellings of one key are a duplicate") {
        std::string why;
        try {
            exchange::ExchangeFile::parse(":instance_id: x\n:last_sync: a\n:last-sync: b\n", "t");
        } catch (const core::Error& e) {
            why = e.why();
        }
        CHECK(why.find("twice") != std::string::npos);
    }
    TEST_CASE("the kind comes from the keys") {
        CHECK(exchange::ExchangeFile::parse(":instance_id: x\n", "t").kind() == exchange::FileKind::registration);
        CHECK(exchange::ExchangeFile::parse(":collector_id: x\n", "t").kind() == exchange::FileKind::sync_request);
        CHECK(exchange::ExchangeFile::parse(":data:\n  :uuid: x\n", "t").kind() == exchange::FileKind::authorization);
        CHECK(exchange::ExchangeFile::parse(":data:\n  :sync_type: FULL\n", "t").kind() ==
              exchange::FileKind::sync_response);
        CHECK_THROWS_AS(exchange::ExchangeFile::parse(":other: 1\n", "t"), core::Error);
        CHECK_THROWS_AS(exchange::ExchangeFile::parse("- 1\n", "t"), core::Error);
    }
}

#include "lib/certs/purpose.h"
#include "lib/exchange/cert_roles.h"

TEST_SUITE("exchange::cert_roles") {
    TEST_CASE("every row names a known purpose, and issuers that are rows or the root") {
        for (const auto& role : exchange::cert_roles()) {
            INFO(role.field);
            CHECK_NOTHROW(certs::find_purpose(role.purpose));
            CHECK(std::string(certs::find_purpose(role.purpose).name) == role.purpose);
            for (const auto& issuer : role.issuers) {
                CHECK((issuer == exchange::k_root || exchange::find_role(issuer) != nullptr));
                if (issuer != exchange::k_root) {
                    CHECK(exchange::find_role(issuer)->ca);
                }
            }
        }
    }
}
