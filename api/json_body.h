// api/json_body.h — the request body as a JSON object and its fields, with the 415 and 400 refusals.
#pragma once
#include "api/http_types.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace certctl::api {

// HttpError 415 unless Content-Type is application/json; 400 unless the body is one JSON object.
nlohmann::json parse_json_body(const Request& request);

// A string field; HttpError 400 when missing (required), not a string, or empty.
std::string required_string(const nlohmann::json& body, const std::string& field);
std::optional<std::string> optional_string(const nlohmann::json& body, const std::string& field);
// An integer sent as a number or as a string of digits (the platform's sample sends "rsa_key_size": "2048").
std::optional<long> optional_integer(const nlohmann::json& body, const std::string& field);

}  // namespace certctl::api
