// tests/unit/certs/test_cert_json.cpp — record_json_text writes the bytes record_json(...).dump(2) writes, for
// every shape a field takes: empty and null, numbers, lists, escapes, non-ASCII and invalid UTF-8, and the
// caller's members in their sorted place.
#include "lib/certs/cert_json.h"

#include "lib/core/rfc3339.h"

#include <doctest/doctest.h>

using namespace certctl;

namespace {
certs::CertRecord full() {
    certs::CertRecord r;
    r.name = "web01";
    r.source = "issued";
    r.subject = "CN=web01.example.net,O=Example";
    r.issuer = "CN=Lab CA";
    r.serial = "0a1b2c";
    r.not_before = "2026-06-01T00:00:00Z";
    r.not_after = "2027-06-01T00:00:00Z";
    r.fingerprint = std::string(64, 'f');
    r.key_name = "web01";
    r.trust_bundle = "lab";
    r.validation_mode = "warn";
    r.warnings = {"weak key", "quote \" backslash \\ tab \t newline \n bell \x07"};
    r.imported = "2026-06-01T00:00:01Z";
    r.action = "systemctl stop tunnel";
    return r;
}

std::string expected(const certs::CertRecord& r, const std::string& days, const std::string& alarm,
                     const nlohmann::json* extra) {
    nlohmann::json j = certs::record_json(r, days, alarm);
    if (extra != nullptr) {
        j.update(*extra);
    }
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string written(const certs::CertRecord& r, const std::string& days, const std::string& alarm, bool extra) {
    core::JsonText p;
    certs::record_json_text(p, r, days, alarm, extra ? [](core::JsonText& t) {
        t.key("renew_at");
        t.time(core::parse_time("2027-04-02T03:04:05Z"));
        t.key("renewal");
        t.null();
    } : std::function<void(core::JsonText&)>());
    return p.out;
}
}  // namespace

TEST_CASE("record_json_text: the bytes of record_json's dump(2), for every shape of every field") {
    const nlohmann::json extra = {{"renew_at", "2027-04-02T03:04:05Z"}, {"renewal", nullptr}};
    std::vector<certs::CertRecord> rows;
    rows.push_back(full());
    certs::CertRecord bare;  // tracked-style: most fields empty, no warnings
    bare.name = "bare";
    bare.source = "tracked";
    bare.path = "/etc/ssl/bare.pem";
    rows.push_back(bare);
    certs::CertRecord utf8 = full();
    utf8.subject = "CN=M\xc3\xbcller \xe2\x82\xac";  // valid UTF-8
    utf8.issuer = "CN=bad \xff\xfe sequence";         // invalid: nlohmann replaces it
    rows.push_back(utf8);
    for (const auto& r : rows) {
        for (const std::string& days : {std::string("-"), std::string("0"), std::string("-12"), std::string("365")}) {
            for (const std::string& alarm : {std::string(), std::string("critical")}) {
                CAPTURE(r.name);
                CAPTURE(days);
                CHECK(written(r, days, alarm, false) == expected(r, days, alarm, nullptr));
                CHECK(written(r, days, alarm, true) == expected(r, days, alarm, &extra));
            }
        }
    }
}
