// api/json_body.cpp — body and field checks.
#include "api/json_body.h"

#include <algorithm>
#include <cctype>

namespace certctl::api {

namespace {
HttpError bad_field(const std::string& field, const std::string& why) {
    return HttpError(400, core::Error(core::Errc::usage, "bad request field", field, why,
                                      "see docs/api.md for the fields of this call"));
}

std::string media_type(const std::string& content_type) {
    std::string t = content_type.substr(0, content_type.find(';'));
    t.erase(std::remove_if(t.begin(), t.end(), [](unsigned char c) { return std::isspace(c) != 0; }), t.end());
    std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return t;
}
}  // namespace

nlohmann::json parse_json_body(const Request& request) {
    if (media_type(request.content_type) != "application/json") {
        throw HttpError(415, core::Error(core::Errc::usage, "unsupported content type", request.path,
                                         request.content_type.empty() ? "the request has no Content-Type"
                                                                      : "Content-Type is " + request.content_type,
                                         "send the body as JSON with `Content-Type: application/json`"));
    }
    nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
    if (body.is_discarded()) {
        throw HttpError(400, core::Error(core::Errc::usage, "malformed JSON", request.path,
                                         "the body does not parse as JSON", "send one JSON object"));
    }
    if (!body.is_object()) {
        throw HttpError(400, core::Error(core::Errc::usage, "malformed request", request.path,
                                         "the body is JSON but not an object", "send one JSON object"));
    }
    return body;
}

std::optional<std::string> optional_string(const nlohmann::json& body, const std::string& field) {
    const auto it = body.find(field);
    if (it == body.end() || it->is_null()) {
        return std::nullopt;
    }
    if (!it->is_string()) {
        throw bad_field(field, "must be a string");
    }
    return it->get<std::string>();
}

std::string required_string(const nlohmann::json& body, const std::string& field) {
    const auto value = optional_string(body, field);
    if (!value || value->empty()) {
        throw bad_field(field, "is required and must not be empty");
    }
    return *value;
}

std::optional<long> optional_integer(const nlohmann::json& body, const std::string& field) {
    const auto it = body.find(field);
    if (it == body.end() || it->is_null()) {
        return std::nullopt;
    }
    if (it->is_number_integer()) {
        return it->get<long>();
    }
    if (it->is_string()) {
        const std::string s = it->get<std::string>();
        if (!s.empty() && s.size() <= 9 &&
            std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; })) {
            return std::stol(s);
        }
    }
    throw bad_field(field, "must be an integer (a number, or a string of digits)");
}

}  // namespace certctl::api
