// api/http_types.h — one request and one response as the routes see them, apart from the server library.
#pragma once
#include "lib/core/error.h"

#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace certctl::api {

struct Request {
    std::string method;  // "GET", "POST", ...
    std::string path;    // without the query
    std::map<std::string, std::string> query;
    std::string content_type;   // the Content-Type header, as sent
    std::string authorization;  // the Authorization header, as sent
    std::string body;
    std::string client_address;  // IP address, no port
};

struct Response {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
};

// A refusal with its HTTP status; the body is the error's JSON shape (lib/core/error_json.h).
class HttpError final : public std::runtime_error {
public:
    HttpError(int status, core::Error error, std::vector<std::pair<std::string, std::string>> headers = {})
        : std::runtime_error(error.what()),
          m_status(status),
          m_error(std::move(error)),
          m_headers(std::move(headers)) {}
    int status() const { return m_status; }
    const core::Error& error() const { return m_error; }
    const std::vector<std::pair<std::string, std::string>>& headers() const { return m_headers; }

private:
    int m_status;
    core::Error m_error;
    std::vector<std::pair<std::string, std::string>> m_headers;
};

}  // namespace certctl::api
