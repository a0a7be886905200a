// tests/unit/policies/test_check_json_text.cpp — `check --format json` writes its document as text; these
// reports, with every field in each of its shapes (null or not, renewal with and without retries, alarms,
// problems, strings to escape, UTF-8 valid and not), come out byte for byte as nlohmann's dump of check_json.
#include "policies/check_json_text.h"
#include "policies/check_render.h"

#include "lib/core/rfc3339.h"

#include <doctest/doctest.h>

using namespace certctl;

namespace {
std::string dumped(const policies::CheckReport& r, int exit_code) {
    return policies::check_json(r, exit_code).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

// The whole document, as `check --format json` prints it when it is rendered as one piece.
std::string whole(const policies::CheckReport& r, int exit_code) {
    const policies::CheckJsonPieces pieces(r, exit_code);
    return pieces.piece(0, pieces.size());
}

policies::CheckedCert judged(const std::string& name, const char* source, const char* not_after, core::TimePoint at,
                             std::optional<std::string> invalid = std::nullopt) {
    policies::CheckedCert c;
    c.name = name;
    c.source = source;
    c.not_before = core::parse_time("2025-01-01T00:00:00Z");
    c.not_after = core::parse_time(not_after);
    c.verdict = policies::evaluate({name, c.not_before, c.not_after, std::nullopt, std::nullopt, invalid}, at, {});
    return c;
}

policies::CheckReport rich() {
    policies::CheckReport r;
    r.at = core::parse_time("2026-03-01T00:00:00Z");
    auto file = judged("dir/ok.pem", "file", "2027-01-01T00:00:00Z", r.at);
    file.path = "dir/ok.pem";
    file.subject_cn = "ok.example.net";
    file.serial = "0a1b";
    file.fingerprint = "ab12";
    r.certs.push_back(file);
    r.certs.push_back(
        judged("soon \"quoted\" \\ back\tslash\n\b\f\r\x01\x1f\x7f/", "file", "2026-03-21T00:00:00Z", r.at));
    auto issued = judged("web-01", "issued", "2026-02-27T12:00:00Z", r.at);
    issued.purpose = "tls-server";
    issued.state = "in-service";
    issued.policy = "fail-hard";
    issued.renewal = policies::RenewalStatus{core::parse_time("2026-02-01T00:00:00Z"), true, "", std::nullopt};
    r.certs.push_back(issued);
    auto retried = judged("caf\xc3\xa9-\x01\x1f\x7f", "issued", "2026-04-01T00:00:00Z", r.at, "wrong role: \"x\"");
    retried.state = "out-of-service";
    retried.policy = "fail-soft";
    retried.renewal = policies::RenewalStatus{
        core::parse_time("2026-03-02T00:00:00Z"), false, "2026-01-01T00:00:00Z",
        certs::RenewalRetry{"x", 3, "2026-02-28T00:00:00Z", "2026-03-01T06:00:00Z", "CA key \xff locked"}};
    r.certs.push_back(retried);
    auto imported = judged("imported", "imported", "2030-01-01T00:00:00Z", r.at);
    imported.purpose = "any";
    imported.not_before.reset();
    r.certs.push_back(imported);
    auto missing = judged("tracked", "tracked", "2030-01-01T00:00:00Z", r.at);
    missing.not_after.reset();
    missing.verdict.left.reset();
    missing.path = "/etc/x.pem";
    missing.not_before = core::parse_time("1950-06-30T23:59:59Z");
    r.certs.push_back(missing);
    r.problems.push_back({"junk.txt", "not a certificate"});
    r.problems.push_back({"\xe2\x82", "cut UTF-8"});
    r.alarms.push_back({"exchange_sync", "uuid-1", audit::Severity::major, "no sync for 3 days"});
    return r;
}
}  // namespace

TEST_CASE("CheckJsonPieces, whole: byte for byte nlohmann's dump of check_json") {
    const policies::CheckReport r = rich();
    CHECK(whole(r, 3) == dumped(r, 3));
    policies::CheckReport empty;
    empty.at = r.at;
    CHECK(whole(empty, 0) == dumped(empty, 0));
    policies::CheckReport one = r;
    one.certs.resize(1);
    one.problems.clear();
    one.alarms.clear();
    CHECK(whole(one, 0) == dumped(one, 0));
}

TEST_CASE("CheckJsonPieces: the pieces, printed in order, are the document whatever the cut") {
    const policies::CheckReport r = rich();
    const std::string whole = dumped(r, 2);
    const policies::CheckJsonPieces pieces(r, 2);
    REQUIRE(pieces.size() == r.certs.size());
    REQUIRE(pieces.size() >= 4);
    CHECK(pieces.piece(0, pieces.size()) == whole);
    // Every way to cut the certificates in two, and one piece per certificate.
    for (std::size_t cut = 1; cut < pieces.size(); ++cut) {
        CAPTURE(cut);
        CHECK(pieces.piece(0, cut) + pieces.piece(cut, pieces.size()) == whole);
    }
    std::string one_each;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        one_each += pieces.piece(i, i + 1);
    }
    CHECK(one_each == whole);
}
