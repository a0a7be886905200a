// tests/unit/policies/test_check_render.cpp — Nagios lines, Prometheus exposition, JSON fields, exit codes.
#include "policies/check_render.h"

#include "cli/check_exit_codes.h"
#include "lib/core/rfc3339.h"

#include <doctest/doctest.h>

using namespace certctl;

namespace {
policies::CheckedCert cert(const std::string& name, const char* not_after, core::TimePoint at) {
    policies::CheckedCert c;
    c.name = name;
    c.source = "file";
    c.path = name;
    c.not_before = core::parse_time("2025-01-01T00:00:00Z");
    c.not_after = core::parse_time(not_after);
    c.verdict = policies::evaluate({name, c.not_before, c.not_after, std::nullopt, std::nullopt, std::nullopt}, at, {});
    return c;
}

policies::CheckReport report() {
    policies::CheckReport r;
    r.at = core::parse_time("2026-03-01T00:00:00Z");
    r.certs.push_back(cert("ok.pem", "2027-01-01T00:00:00Z", r.at));
    r.certs.push_back(cert("soon.pem", "2026-03-21T00:00:00Z", r.at));
    r.certs.push_back(cert("gone.pem", "2026-02-27T12:00:00Z", r.at));
    r.problems.push_back({"junk.txt", "not a certificate"});
    return r;
}
}  // namespace

TEST_SUITE("policies::check_render") {
    TEST_CASE("check's exit code (cli/) follows the worst severity") {
        auto r = report();
        CHECK(cli::check_exit_code(r) == 3);
        r.certs.pop_back();
        CHECK(cli::check_exit_code(r) == 1);
        r.certs.pop_back();
        CHECK(cli::check_exit_code(r) == 0);
    }

    TEST_CASE("nagios: status line, perfdata, alarm lines, and the code mapping") {
        const policies::NagiosOutput nagios = policies::check_nagios(report());
        CHECK(nagios.status == policies::NagiosStatus::critical);
        CHECK(cli::nagios_exit_code(nagios.status) == 2);
        CHECK(
            nagios.text ==
            "CERTCTL CRITICAL - 3 certificates: 1 critical, 0 major, 1 minor; 1 file skipped; soonest gone.pem: "
            "expired 2 "
            "days ago (2026-02-27T12:00:00Z) | soonest_days=-2;30;7;; certificates=3;;;0; critical=1;;;0; major=0;;;0; "
            "minor=1;;;0; problems=1;;;0;\n"
            "critical: gone.pem: expired 2 days ago (2026-02-27T12:00:00Z)\n"
            "minor: soon.pem: expires in 20 days (2026-03-21T00:00:00Z)\n");
        auto r = report();
        r.certs.pop_back();
        CHECK(policies::check_nagios(r).status == policies::NagiosStatus::warning);
        CHECK(cli::nagios_exit_code(policies::NagiosStatus::warning) == 1);
        CHECK(cli::nagios_exit_code(policies::NagiosStatus::ok) == 0);
        r.certs.clear();
        const policies::NagiosOutput unknown = policies::check_nagios(r);
        CHECK(unknown.text.find("CERTCTL UNKNOWN - no certificate checked (1 file skipped: junk.txt") == 0);
        CHECK(unknown.status == policies::NagiosStatus::unknown);
        CHECK(cli::nagios_exit_code(unknown.status) == 3);
    }

    TEST_CASE("prometheus: families once, escaped labels, CRL state when given") {
        auto r = report();
        r.certs[0].name = "we\"ird\\name\n";
        const std::string out = policies::check_prometheus(r, {{"lab", r.at - std::chrono::seconds(90), 2}, {"new", std::nullopt, 0}});
        CHECK(out.find("certctl_certificate_expiry_seconds{name=\"we\\\"ird\\\\name\\n\",source=\"file\"} 26438400\n") != std::string::npos);
        CHECK(out.find("certctl_alarms{severity=\"critical\"} 1\n") != std::string::npos);
        CHECK(out.find("certctl_crl_age_seconds{source=\"lab\"} 90\n") != std::string::npos);
        CHECK(out.find("certctl_crl_age_seconds{source=\"new\"} -1\n") != std::string::npos);
        CHECK(out.find("certctl_crl_consecutive_failures{source=\"lab\"} 2\n") != std::string::npos);
        std::size_t types = 0;
        for (std::size_t p = 0; (p = out.find("# TYPE ", p)) != std::string::npos; ++p) {
            ++types;
        }
        CHECK(types == 8);
        CHECK(policies::check_prometheus(r, {}).find("certctl_crl_") == std::string::npos);
    }

    TEST_CASE("json: worst first, stable fields") {
        const auto j = policies::check_json(report(), 3);
        CHECK(j["worst"] == "critical");
        CHECK(j["exit_code"] == 3);  // as the front end decided
        CHECK(j["certificates"][0]["name"] == "gone.pem");
        CHECK(j["certificates"][0]["days_left"] == -2);
        CHECK(j["certificates"][0]["seconds_left"] == -129600);
        CHECK(j["certificates"][2]["severity"].is_null());
        CHECK(j["summary"]["problems"] == 1);
        CHECK(j["thresholds"]["minor"] == "30d");
        const policies::CheckTable table = policies::check_table(report());
        REQUIRE(table.rows.size() == 3);
        REQUIRE(table.rows[0].size() == 5);
        CHECK(std::vector<std::string>(table.rows[0].begin(), table.rows[0].begin() + 4) ==
              std::vector<std::string>{"gone.pem", "2026-02-27T12:00:00Z", "-2", "critical"});
        CHECK(table.rows[0][4].rfind("expired 2 days ago", 0) == 0);
        CHECK(table.right_aligned == std::vector<std::size_t>{2});
        const std::string text = policies::check_footer(report());
        CHECK(text.find("checked at 2026-03-01T00:00:00Z: 3 certificates: 1 critical, 0 major, 1 minor; 1 file skipped\n") !=
              std::string::npos);
    }
}
