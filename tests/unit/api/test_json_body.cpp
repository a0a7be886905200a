// tests/unit/api/test_json_body.cpp — content type, malformed bodies, string and integer fields.
#include "api/json_body.h"

#include <doctest/doctest.h>

using namespace certctl;

namespace {
int status_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const api::HttpError& e) {
        return e.status();
    }
    return 0;
}
api::Request with(const std::string& content_type, const std::string& body) {
    api::Request r;
    r.path = "/api/v1/private-key";
    r.content_type = content_type;
    r.body = body;
    return r;
}
}  // namespace

TEST_SUITE("api::json_body") {
    TEST_CASE("only application/json objects are bodies") {
        CHECK(status_of([] { api::parse_json_body(with("text/plain", "{}")); }) == 415);
        CHECK(status_of([] { api::parse_json_body(with("", "{}")); }) == 415);
        CHECK(status_of([] { api::parse_json_body(with("application/x-www-form-urlencoded", "{}")); }) == 415);
        CHECK(status_of([] { api::parse_json_body(with("application/json", "{")); }) == 400);
        CHECK(status_of([] { api::parse_json_body(with("application/json", "[1]")); }) == 400);
        CHECK(api::parse_json_body(with("Application/JSON; charset=utf-8", R"({"a": 1})"))["a"] == 1);
    }
    TEST_CASE("rsa_key_size as a number or a string of digits, nothing else") {
        const auto body =
            nlohmann::json::parse(R"({"n": 2048, "s": "2048", "bad": "2k", "neg": "-1", "f": 1.5, "x": null})");
        CHECK(api::optional_integer(body, "n") == 2048L);
        CHECK(api::optional_integer(body, "s") == 2048L);
        CHECK_FALSE(api::optional_integer(body, "x").has_value());
        CHECK_FALSE(api::optional_integer(body, "missing").has_value());
        for (const char* f : {"bad", "neg", "f"}) {
            CAPTURE(f);
            CHECK(status_of([&] { api::optional_integer(body, f); }) == 400);
        }
    }
    TEST_CASE("required strings are present, strings and not empty") {
        const auto body = nlohmann::json::parse(R"({"name": "r1", "empty": "", "number": 3})");
        CHECK(api::required_string(body, "name") == "r1");
        CHECK(status_of([&] { api::required_string(body, "empty"); }) == 400);
        CHECK(status_of([&] { api::required_string(body, "number"); }) == 400);
        CHECK(status_of([&] { api::required_string(body, "missing"); }) == 400);
    }
}
