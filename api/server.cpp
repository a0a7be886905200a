// api/server.cpp — libmicrohttpd glue: one thread per connection, bodies read for every method (the
// platform sends GET with a JSON body), a body limit, and a drain on shutdown.
#include "api/server.h"

#include "api/responses.h"
#include "api/tls_identity.h"
#include "lib/core/duration.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <unistd.h>
#include <chrono>
#include <cstring>
#include <thread>

namespace certctl::api {

namespace {
// TLS 1.2 and 1.3 only: GnuTLS's defaults without the older protocol versions.
const char* const k_tls_priorities = "NORMAL:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:%SERVER_PRECEDENCE";

struct Pending {
    std::string body;
    bool too_large = false;
    std::chrono::steady_clock::time_point headers_at = std::chrono::steady_clock::now();
};

std::string header(MHD_Connection* c, const char* name) {
    const char* v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
    return v != nullptr ? std::string(v) : std::string();
}

std::string client_address(MHD_Connection* c) {
    const MHD_ConnectionInfo* info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (info == nullptr || info->client_addr == nullptr) {
        return "unknown";
    }
    char text[INET6_ADDRSTRLEN] = {0};
    const sockaddr* sa = info->client_addr;
    if (sa->sa_family == AF_INET) {
        ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, text, sizeof text);
    } else if (sa->sa_family == AF_INET6) {
        ::inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, text, sizeof text);
    }
    return text;
}

MHD_Result collect_query(void* cls, MHD_ValueKind, const char* key, const char* value) {
    auto* query = static_cast<std::map<std::string, std::string>*>(cls);
    (*query)[key] = value != nullptr ? value : "";
    return MHD_YES;
}

MHD_Result respond(MHD_Connection* c, const Response& r) {
    MHD_Response* response =
        MHD_create_response_from_buffer(r.body.size(), const_cast<char*>(r.body.data()), MHD_RESPMEM_MUST_COPY);
    if (response == nullptr) {
        return MHD_NO;
    }
    MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, r.content_type.c_str());
    MHD_add_response_header(response, "Cache-Control", "no-store");
    MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
    for (const auto& [name, value] : r.headers) {
        MHD_add_response_header(response, name.c_str(), value.c_str());
    }
    const MHD_Result rc = MHD_queue_response(c, static_cast<unsigned int>(r.status), response);
    MHD_destroy_response(response);
    return rc;
}

Response too_large(const std::string& path, std::uint64_t limit) {
    return error_response(413, core::Error(core::Errc::usage, "request body too large", path,
                                           "the limit is " + std::to_string(limit) + " bytes",
                                           "send less, or raise api.max_body in certctl.toml"));
}

MHD_Result on_request(void* cls, MHD_Connection* c, const char* url, const char* method, const char*,
                      const char* upload_data, std::size_t* upload_data_size, void** state) {
    auto* server = static_cast<Server*>(cls);
    const std::uint64_t limit = server->options().max_body;
    if (*state == nullptr) {
        auto* pending = new Pending();
        *state = pending;
        ++server->in_flight;
        // Refused before a byte of the body is read when the client says how long it is.
        const std::string length = header(c, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (!length.empty() && (length.size() > 18 || std::strtoull(length.c_str(), nullptr, 10) > limit)) {
            pending->too_large = true;
            return respond(c, too_large(url, limit));
        }
        return MHD_YES;
    }
    auto* pending = static_cast<Pending*>(*state);
    // libmicrohttpd's timeout is for silence only: a client trickling a byte inside every idle timeout would
    // hold its connection (and thread) for ever. Each slice of body is checked against the whole deadline.
    if (*upload_data_size != 0 &&
        std::chrono::steady_clock::now() - pending->headers_at > server->options().request_timeout) {
        if (server->options().log) {
            server->options().log("closed a connection from " + client_address(c) +
                                  ": its request body took longer than " +
                                  core::format_duration(server->options().request_timeout) + " (api.request_timeout)");
        }
        return MHD_NO;
    }
    if (*upload_data_size != 0) {
        if (!pending->too_large && pending->body.size() + *upload_data_size <= limit) {
            pending->body.append(upload_data, *upload_data_size);
        } else {
            pending->too_large = true;
            pending->body.clear();
        }
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (pending->too_large) {
        return respond(c, too_large(url, limit));
    }
    Request request;
    request.method = method;
    request.path = url;
    request.content_type = header(c, MHD_HTTP_HEADER_CONTENT_TYPE);
    request.authorization = header(c, MHD_HTTP_HEADER_AUTHORIZATION);
    request.body = std::move(pending->body);
    request.client_address = client_address(c);
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, &collect_query, &request.query);
    return respond(c, server->api().handle(request));
}

void on_completed(void* cls, MHD_Connection*, void** state, MHD_RequestTerminationCode) {
    auto* server = static_cast<Server*>(cls);
    if (*state != nullptr) {
        delete static_cast<Pending*>(*state);
        *state = nullptr;
        --server->in_flight;
    }
}
}  // namespace

Server::Server(Api& api, ListenOptions options) : m_api(api), m_options(std::move(options)) {
    sockaddr_storage addr{};
    socklen_t addr_len = 0;
    auto* v4 = reinterpret_cast<sockaddr_in*>(&addr);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&addr);
    unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL | MHD_USE_ITC;
    if (::inet_pton(AF_INET, m_options.address.c_str(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(m_options.port);
        addr_len = sizeof(sockaddr_in);
    } else if (::inet_pton(AF_INET6, m_options.address.c_str(), &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(m_options.port);
        addr_len = sizeof(sockaddr_in6);
        flags |= MHD_USE_IPv6;
    } else {
        throw core::Error(core::Errc::usage, "bad listen address", m_options.address, "not an IPv4 or IPv6 address",
                          "e.g. --listen 127.0.0.1:8443 or --listen [::1]:8443");
    }
    if (m_options.tls) {
        flags |= MHD_USE_TLS;
        m_daemon = MHD_start_daemon(
            flags, m_options.port, nullptr, nullptr, &on_request, this, MHD_OPTION_SOCK_ADDR,
            reinterpret_cast<sockaddr*>(&addr), MHD_OPTION_NOTIFY_COMPLETED, &on_completed, this,
            MHD_OPTION_CONNECTION_TIMEOUT, static_cast<unsigned int>(m_options.idle_timeout.count()),
            MHD_OPTION_CONNECTION_LIMIT, m_options.connection_limit, MHD_OPTION_PER_IP_CONNECTION_LIMIT,
            m_options.per_address_limit, MHD_OPTION_HTTPS_PRIORITIES, k_tls_priorities, MHD_OPTION_HTTPS_CERT_CALLBACK,
            &TlsIdentity::retrieve, MHD_OPTION_END);
    } else {
        m_daemon =
            MHD_start_daemon(flags, m_options.port, nullptr, nullptr, &on_request, this, MHD_OPTION_SOCK_ADDR,
                             reinterpret_cast<sockaddr*>(&addr), MHD_OPTION_NOTIFY_COMPLETED, &on_completed, this,
                             MHD_OPTION_CONNECTION_TIMEOUT, static_cast<unsigned int>(m_options.idle_timeout.count()),
                             MHD_OPTION_CONNECTION_LIMIT, m_options.connection_limit,
                             MHD_OPTION_PER_IP_CONNECTION_LIMIT, m_options.per_address_limit, MHD_OPTION_END);
    }
    if (m_daemon == nullptr) {
        throw core::Error(core::Errc::unavailable, "cannot listen",
                          m_options.address + ":" + std::to_string(m_options.port),
                          "the address is in use, not local, or not permitted",
                          "pick another --listen address or port, or stop what holds it");
    }
    const MHD_DaemonInfo* info = MHD_get_daemon_info(m_daemon, MHD_DAEMON_INFO_BIND_PORT);
    m_port = info != nullptr ? info->port : m_options.port;
    (void)addr_len;
}

void Server::shutdown(core::Seconds drain) {
    if (m_daemon == nullptr) {
        return;
    }
    const MHD_socket listener = MHD_quiesce_daemon(m_daemon);
    if (listener != MHD_INVALID_SOCKET) {
        ::close(listener);
    }
    const auto deadline = std::chrono::steady_clock::now() + drain;
    while (in_flight.load() > 0 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    MHD_stop_daemon(m_daemon);
    m_daemon = nullptr;
}

Server::~Server() {
    if (m_daemon != nullptr) {
        MHD_stop_daemon(m_daemon);
    }
}

}  // namespace certctl::api
