// api/responses.cpp — JSON bodies, errors in the command contract's shape.
#include "api/responses.h"

#include "lib/core/error_json.h"

namespace certctl::api {

int status_for(core::Errc code) {
    switch (code) {
        case core::Errc::usage:
            return 400;
        case core::Errc::bad_input:
            return 400;
        case core::Errc::not_found:
            return 404;
        case core::Errc::locked:
            return 503;
        case core::Errc::unavailable:
            return 503;
        case core::Errc::cannot_write:
            return 500;
        case core::Errc::permission:
            return 500;
        case core::Errc::internal:
            return 500;
    }
    return 500;
}

Response json_response(int status, const nlohmann::json& doc) {
    Response r;
    r.status = status;
    r.body = doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    return r;
}

Response error_response(int status, const core::Error& error) {
    Response r = json_response(status, core::error_json(error));
    if (status == 503) {
        r.headers.emplace_back("Retry-After", "1");
    }
    return r;
}

Response error_response(const HttpError& error) {
    Response r = error_response(error.status(), error.error());
    for (const auto& h : error.headers()) {
        r.headers.push_back(h);
    }
    return r;
}

}  // namespace certctl::api
