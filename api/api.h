// api/api.h — the REST API's routes: each one checks the caller, then makes the same library call the
// matching command makes, and answers with the same JSON shapes.
#pragma once
#include "api/http_types.h"
#include "api/login_limiter.h"
#include "api/metrics.h"
#include "api/store_pool.h"
#include "lib/auth/role.h"
#include "lib/core/clock.h"

#include <optional>
#include <string>
#include <vector>

namespace certctl::api {

struct Caller {
    std::string user;
    const auth::Role* role = nullptr;
};

class Api final {
public:
    Api(StorePool& pool, const core::Clock& clock);

    // Never throws: every failure becomes an error response in the contract's JSON shape.
    Response handle(const Request& request);

    struct Route {
        const char* method;
        const char* pattern;                         // "/api/v1/certificate/{name}": the last segment is a name
        std::optional<auth::Permission> permission;  // nullopt: no token needed
        const char* audit_event;                     // what a forbidden attempt is audited as (writes), or nullptr
        Response (Api::*handler)(const Request&, const Caller&, const std::string& name);
    };
    static const std::vector<Route>& routes();

private:
    Response healthz(const Request&, const Caller&, const std::string&);
    Response metrics(const Request&, const Caller&, const std::string&);
    Response login(const Request&, const Caller&, const std::string&);
    Response private_key(const Request&, const Caller&, const std::string&);
    Response create_csr(const Request&, const Caller&, const std::string&);
    Response ingest(const Request&, const Caller&, const std::string&);
    Response list_certificates(const Request&, const Caller&, const std::string&);
    Response show_certificate(const Request&, const Caller&, const std::string&);
    Response show_csr(const Request&, const Caller&, const std::string&);
    Response list_keys(const Request&, const Caller&, const std::string&);
    Response list_alarms(const Request&, const Caller&, const std::string&);
    Response crl_facts(const Request&, const Caller&, const std::string&);
    Response audit_events(const Request&, const Caller&, const std::string&);

    Caller authenticate(const Request& request);
    Response dispatch(const Request& request, std::string& route_label);

    StorePool& m_pool;
    const core::Clock& m_clock;
    LoginLimiter m_limiter;
    Metrics m_metrics;
};

}  // namespace certctl::api
