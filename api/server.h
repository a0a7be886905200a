// api/server.h — the HTTP(S) listener (GNU libmicrohttpd): turns connections into api::Request and
// api::Response; every decision about a request is Api's.
#pragma once
#include "api/api.h"

#include <atomic>
#include <functional>
#include <string>

struct MHD_Daemon;

namespace certctl::api {

struct ListenOptions {
    std::string address = "127.0.0.1";
    unsigned short port = 8443;
    bool tls = true;                   // TLS 1.2/1.3 with TlsIdentity::current()
    std::uint64_t max_body = 1 << 20;  // larger: 413
    core::Seconds idle_timeout{30};    // a connection silent this long is closed (slow or idle clients)
    core::Seconds request_timeout{60}; // a body still arriving this long after its headers: connection closed
    unsigned connection_limit = 512;
    unsigned per_address_limit = 64;
    std::function<void(const std::string&)> log;  // one line about a connection the server cut off; may be empty
};

class Server final {
public:
    Server(Api& api, ListenOptions options);  // binds and starts; Error(unavailable) when it cannot
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    unsigned short port() const { return m_port; }  // the bound port (useful with port 0)
    // Stops accepting, waits up to `drain` for requests in flight to be answered, then closes everything.
    void shutdown(core::Seconds drain);

    // For libmicrohttpd's C callbacks.
    Api& api() { return m_api; }
    const ListenOptions& options() const { return m_options; }
    std::atomic<int> in_flight{0};

private:
    Api& m_api;
    ListenOptions m_options;
    MHD_Daemon* m_daemon = nullptr;
    unsigned short m_port = 0;
};

}  // namespace certctl::api
