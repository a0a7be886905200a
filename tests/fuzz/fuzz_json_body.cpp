// tests/fuzz/fuzz_json_body.cpp — a REST request body as the API reads it: one JSON object (nlohmann), then
// the string and integer fields the routes take. HttpError (400/415) is the expected refusal.
#include "api/json_body.h"
#include "tests/fuzz/fuzz_target.h"

using namespace certctl;

CERTCTL_FUZZ_TARGET(json_body) {
    api::Request request;
    request.method = "POST";
    request.path = "/api/v1/fuzz";
    request.content_type = "application/json; charset=utf-8";
    request.body = fuzz::as_string(data, size);
    try {
        const nlohmann::json body = api::parse_json_body(request);
        for (const char* field : {"username", "password", "application", "name", "algorithm", "ecc_curve",
                                  "rsa_key_size", "common_name", "validity_period", "certificate"}) {
            fuzz::fuzz_guard([&] {
                try {
                    (void)api::optional_string(body, field);
                    (void)api::required_string(body, field);
                } catch (const api::HttpError&) {
                }
            });
            try {
                (void)api::optional_integer(body, field);
            } catch (const api::HttpError&) {
            }
        }
        (void)body.dump();
    } catch (const api::HttpError& e) {
        if (e.status() >= 500) {
            std::abort();
        }
    }
}
