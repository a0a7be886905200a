// api/responses.h — JSON responses and the one table from error categories to HTTP statuses.
#pragma once
#include "api/http_types.h"

#include <nlohmann/json.hpp>

namespace certctl::api {

// 400 usage/bad_input, 404 not_found, 503 locked/unavailable, 500 for the rest (cannot_write, permission
// on the store, internal: the server's problem, not the client's).
int status_for(core::Errc code);
Response json_response(int status, const nlohmann::json& doc);
Response error_response(int status, const core::Error& error);
Response error_response(const HttpError& error);

}  // namespace certctl::api
