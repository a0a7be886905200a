// tests/unit/service/test_action_runner.cpp — real /bin/sh commands: env, stdin, output, exit, time limit.
#include "service/action_runner.h"

#include <doctest/doctest.h>

using namespace certctl;
using std::chrono::milliseconds;

TEST_SUITE("service::run_action") {
    TEST_CASE("environment, stdin and output") {
        const auto r = service::run_action("echo \"$CERTCTL_CERT_NAME/$CERTCTL_SEVERITY\"; cat; echo err >&2",
                                            {{"CERTCTL_CERT_NAME", "web01"}, {"CERTCTL_SEVERITY", "critical"}},
                                            "{\"a\":1}\n", milliseconds(5000));
        CHECK(r.succeeded());
        CHECK(r.output == "web01/critical\n{\"a\":1}\nerr\n");
        CHECK(r.describe() == "exit 0");
    }

    TEST_CASE("a failing and a missing command") {
        const auto fail = service::run_action("exit 7", {}, "", milliseconds(5000));
        CHECK_FALSE(fail.succeeded());
        CHECK(fail.exit_status == 7);
        const auto missing = service::run_action("/nonexistent/stop-tunnel", {}, "", milliseconds(5000));
        CHECK(missing.exit_status == 127);
        CHECK(missing.describe() == "exit 127 (command not found)");
    }

    TEST_CASE("a hung command and its children are killed at the time limit") {
        const auto r = service::run_action("sleep 30 & sleep 30", {}, "", milliseconds(300));
        CHECK(r.timed_out);
        CHECK_FALSE(r.succeeded());
        CHECK(r.millis < 5000);
        CHECK(r.describe().find("killed after its time limit") == 0);
    }

    TEST_CASE("a command that ignores a large stdin does not block") {
        const auto r = service::run_action("true", {}, std::string(1 << 20, 'x'), milliseconds(5000));
        CHECK(r.started);
        CHECK(r.millis < 5000);
    }

    TEST_CASE("output is capped at 64 KiB") {
        const auto r = service::run_action("head -c 200000 /dev/zero", {}, "", milliseconds(5000));
        CHECK(r.succeeded());
        CHECK(r.output.size() == 64 * 1024);
    }
}
