// api/api.cpp — the route table and its handlers.
#include "api/api.h"

#include "api/json_body.h"
#include "api/responses.h"
#include "crl/master_list.h"
#include "crl/source_json.h"
#include "crl/source_store.h"
#include "lib/audit/actor.h"
#include "lib/audit/alarm_store.h"
#include "lib/audit/audit_json.h"
#include "lib/audit/audit_log.h"
#include "lib/audit/counters.h"
#include "lib/auth/token_store.h"
#include "lib/auth/user_store.h"
#include "lib/ca/key_users.h"
#include "lib/certs/cert_json.h"
#include "lib/certs/importer.h"
#include "lib/certs/inventory.h"
#include "lib/certs/pem.h"
#include "lib/certs/validation_mode.h"
#include "lib/core/name.h"
#include "lib/core/rfc3339.h"
#include "lib/csr/csr_json.h"
#include "lib/csr/csr_store.h"
#include "lib/keys/key_json.h"
#include "lib/keys/key_store.h"
#include "lib/trust/trust_store.h"
#include "policies/check.h"
#include "policies/check_render.h"
#include "policies/crl_seam.h"
#include "policies/inventory_reader.h"
#include "policies/role_check.h"

#include <algorithm>
#include <cctype>

namespace certctl::api {

namespace {
using storage::Store;
using Perm = auth::Permission;

// "/api/v1/certificate/{name}" matches "/api/v1/certificate/web01" with name "web01".
bool matches(const std::string& pattern, const std::string& path, std::string& name) {
    static const std::string k_name = "{name}";
    if (pattern.size() > k_name.size() && pattern.compare(pattern.size() - k_name.size(), k_name.size(), k_name) == 0) {
        const std::string prefix = pattern.substr(0, pattern.size() - k_name.size());
        if (path.size() > prefix.size() && path.compare(0, prefix.size(), prefix) == 0 &&
            path.find('/', prefix.size()) == std::string::npos) {
            name = path.substr(prefix.size());
            return true;
        }
        return false;
    }
    return path == pattern;
}

HttpError unauthorized(const std::string& why) {
    return HttpError(401,
                     core::Error(core::Errc::permission, "not authenticated", "Authorization", why,
                                 "log in with POST /api/v1/login and send `Authorization: Bearer TOKEN`"),
                     {{"WWW-Authenticate", "Bearer realm=\"certctl\""}});
}

HttpError conflict(const std::string& what, const std::string& name, const std::string& hint) {
    return HttpError(409,
                     core::Error(core::Errc::usage, what, name, "the name is taken; nothing was overwritten", hint));
}

std::string upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
}

// The platform's key fields to a key spec: {"algorithm": "RSA", "rsa_key_size": 2048} -> "rsa:2048",
// {"algorithm": "ECC", "ecc_curve": "SECP256R1"} -> "ec:secp256r1". Empty when none of them is sent.
std::string key_spec_of(const nlohmann::json& body) {
    const auto algorithm = optional_string(body, "algorithm");
    const auto rsa_size = optional_integer(body, "rsa_key_size");
    const auto curve = optional_string(body, "ecc_curve");
    if (!algorithm && !rsa_size && !curve) {
        return {};
    }
    const std::string a = upper(algorithm.value_or(rsa_size ? "RSA" : "ECC"));
    if (a == "RSA") {
        return "rsa:" + std::to_string(rsa_size.value_or(2048));
    }
    if (a == "ECC" || a == "EC") {
        return "ec:" + curve.value_or("secp256r1");
    }
    throw HttpError(400, core::Error(core::Errc::usage, "bad request field", "algorithm", "must be RSA or ECC",
                                     "send \"algorithm\": \"RSA\" with rsa_key_size, or \"ECC\" with ecc_curve"));
}

std::string alarm_of(storage::Database& db, const core::Clock& clock, const std::string& name) {
    if (const auto a = audit::AlarmStore(db, clock).active("certificate", name)) {
        return audit::severity_name(a->severity);
    }
    return {};
}

// The statistics counters (`certctl stats`), one certctl_<name>_total series each.
std::string counters_prometheus(storage::Database& db) {
    const auto values = audit::Counters(db).all();
    std::string out;
    for (const audit::CounterDef& def : audit::counter_defs()) {
        const std::string metric = std::string("certctl_") + def.name + "_total";
        const auto it = values.find(def.name);
        out += "# HELP " + metric + " " + def.description + "\n# TYPE " + metric + " counter\n" + metric + " " +
               std::to_string(it != values.end() ? it->second : 0) + "\n";
    }
    return out;
}

nlohmann::json certificate_json(storage::Database& db, const core::Clock& clock, const certs::CertRecord& r) {
    return certs::record_json(r, certs::days_left(r.not_after, clock.now()), alarm_of(db, clock, r.name));
}
}  // namespace

// Inside a member so the table may name the private handlers.
const std::vector<Api::Route>& Api::routes() {
    static const std::vector<Route> k_routes = {
        // method  pattern                                permission         forbidden attempt audited as
        {"GET", "/healthz", std::nullopt, nullptr, &Api::healthz},
        {"GET", "/metrics", Perm::read, nullptr, &Api::metrics},
        {"POST", "/api/v1/login", std::nullopt, nullptr, &Api::login},
        {"POST", "/api/v1/private-key", Perm::provision, "system.generate_key", &Api::private_key},
        {"GET", "/api/v1/certificate-request", Perm::provision, "system.generate_csr", &Api::create_csr},
        {"POST", "/api/v1/certificate-request", Perm::provision, "system.generate_csr", &Api::create_csr},
        {"GET", "/api/v1/certificate-request/{name}", Perm::read, nullptr, &Api::show_csr},
        {"POST", "/api/v1/certificate", Perm::provision, "system.ingest_certificate", &Api::ingest},
        {"GET", "/api/v1/certificate", Perm::read, nullptr, &Api::list_certificates},
        {"GET", "/api/v1/certificate/{name}", Perm::read, nullptr, &Api::show_certificate},
        {"GET", "/api/v1/key", Perm::read, nullptr, &Api::list_keys},
        {"GET", "/api/v1/alarms", Perm::read, nullptr, &Api::list_alarms},
        {"GET", "/api/v1/crl", Perm::read, nullptr, &Api::crl_facts},
        {"GET", "/api/v1/audit", Perm::read, nullptr, &Api::audit_events},
    };
    return k_routes;
}

Api::Api(StorePool& pool, const core::Clock& clock) : m_pool(pool), m_clock(clock), m_limiter(clock) {}

Response Api::handle(const Request& request) {
    const auto started = std::chrono::steady_clock::now();
    std::string route = "unmatched";
    Response response;
    try {
        response = dispatch(request, route);
    } catch (const HttpError& e) {
        response = error_response(e);
    } catch (const core::Error& e) {
        response = error_response(status_for(e.code()), e);
    } catch (const std::exception& e) {
        response = error_response(500, core::Error(core::Errc::internal, "internal error", request.path, e.what(),
                                                   "this is a bug in certctl: please report it with the request"));
    }
    try {
        m_pool.make_commits_durable();  // before any answer: what it says was done is on disk
    } catch (const core::Error& e) {
        response = error_response(status_for(e.code()), e);
    }
    m_metrics.observe(request.method, route, response.status, std::chrono::steady_clock::now() - started);
    return response;
}

Response Api::dispatch(const Request& request, std::string& route_label) {
    std::vector<std::string> allowed;
    for (const Route& r : routes()) {
        std::string name;
        if (!matches(r.pattern, request.path, name)) {
            continue;
        }
        if (request.method != r.method) {
            allowed.emplace_back(r.method);
            continue;
        }
        route_label = r.pattern;
        Caller caller;
        if (r.permission) {
            caller = authenticate(request);
        }
        const audit::ActorScope actor({caller.user, request.client_address});
        if (r.permission && !auth::allows(*caller.role, *r.permission)) {
            const std::string why =
                std::string("role ") + caller.role->name + " may not " + auth::permission_name(*r.permission);
            if (r.audit_event != nullptr) {
                auto store = m_pool.lease();
                store->db().transaction([&] {
                    audit::AuditLog(store->db(), m_clock)
                        .record_forbidden(r.audit_event, name.empty() ? request.path : name, {{"route", r.pattern}},
                                          why);
                });
            }
            throw HttpError(403, core::Error(core::Errc::permission, "forbidden", request.path, why,
                                             "ask an admin for a role that allows it (see docs/api.md)"));
        }
        if (!name.empty()) {
            core::check_name("name", name);
        }
        return (this->*r.handler)(request, caller, name);
    }
    if (!allowed.empty()) {
        std::string allow;
        for (const std::string& m : allowed) {
            allow += (allow.empty() ? "" : ", ") + m;
        }
        throw HttpError(405,
                        core::Error(core::Errc::usage, "method not allowed", request.method + " " + request.path,
                                    "this path answers " + allow, "see docs/api.md"),
                        {{"Allow", allow}});
    }
    throw HttpError(404, core::Error(core::Errc::not_found, "no such route", request.path, "the API has no such path",
                                     "see docs/api.md or docs/api/openapi.yaml"));
}

Caller Api::authenticate(const Request& request) {
    static const std::string k_bearer = "bearer ";
    const std::string& h = request.authorization;
    if (h.empty()) {
        throw unauthorized("the request has no Authorization header");
    }
    std::string scheme = h.substr(0, std::min(h.size(), k_bearer.size()));
    std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (scheme != k_bearer) {
        throw unauthorized("the Authorization header is not a Bearer token");
    }
    std::string token = h.substr(k_bearer.size());
    token.erase(0, token.find_first_not_of(' '));
    auto store = m_pool.lease();
    const auth::TokenCheck check = auth::TokenStore(store->db(), m_clock).check(token);
    switch (check.outcome) {
        case auth::TokenCheck::Outcome::valid:
            return Caller{check.user, &auth::role_named(check.role)};
        case auth::TokenCheck::Outcome::expired:
            throw unauthorized("the token expired at " + check.expires);
        case auth::TokenCheck::Outcome::revoked:
            throw unauthorized("the token was revoked");
        case auth::TokenCheck::Outcome::unknown:
            break;
    }
    throw unauthorized("the token is not known");
}

Response Api::healthz(const Request&, const Caller&, const std::string&) {
    return json_response(200, {{"status", "ok"}});
}

Response Api::metrics(const Request&, const Caller&, const std::string&) {
    auto store = m_pool.lease();
    policies::CheckReport report;
    report.thresholds = policies::thresholds_from(m_pool.config());
    report.at = m_clock.now();
    const auto revocation = policies::revocation_lookup(*store);
    policies::BundleAnchors anchors(store->db(), m_clock);
    policies::check_inventory(store->db(), *revocation, policies::invalid_check(anchors, report.at), report);
    Response r;
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    r.body = policies::check_prometheus(report, policies::crl_states(*store)) + counters_prometheus(store->db()) +
             m_metrics.prometheus();
    return r;
}

Response Api::login(const Request& request, const Caller&, const std::string&) {
    const nlohmann::json body = parse_json_body(request);
    const std::string user = required_string(body, "username");
    const std::string password = required_string(body, "password");
    const std::string application = optional_string(body, "application").value_or("API");
    if (const auto wait = m_limiter.retry_after(user, request.client_address)) {
        throw HttpError(429,
                        core::Error(core::Errc::unavailable, "too many failed logins", user,
                                    "try again in " + std::to_string(wait->count()) + " s",
                                    "check the user name and password; each failure doubles the wait"),
                        {{"Retry-After", std::to_string(wait->count())}});
    }
    auto store = m_pool.lease();
    const audit::ActorScope actor({user, request.client_address});
    const auto found = auth::UserStore(store->db(), m_clock).verify(user, password);
    if (!found) {
        m_limiter.failed(user, request.client_address);
        store->db().transaction([&] {
            audit::AuditLog(store->db(), m_clock)
                .record("system.login", user, {{"name", user}, {"application", application}}, false,
                        "wrong user name or password");
        });
        throw unauthorized("wrong user name or password");
    }
    m_limiter.succeeded(user, request.client_address);
    const auto lifetime = m_pool.config().get_duration("api.token_lifetime");
    const auth::IssuedToken token =
        auth::TokenStore(store->db(), m_clock).issue(user, application, lifetime, [&](const auth::IssuedToken& t) {
            audit::AuditLog(store->db(), m_clock)
                .record("system.login", user,
                        {{"name", user}, {"application", application}, {"role", found->role}, {"expires", t.expires}},
                        true);
        });
    return json_response(
        200, {{"token", token.token}, {"expires", token.expires}, {"username", user}, {"role", found->role}});
}

Response Api::private_key(const Request& request, const Caller&, const std::string&) {
    const nlohmann::json body = parse_json_body(request);
    const std::string name = required_string(body, "name");
    core::check_name("key", name);
    std::string spec = key_spec_of(body);
    auto store = m_pool.lease();
    keys::KeyStore keys(*store, m_clock);
    if (keys.find(name)) {
        throw conflict("cannot generate key", name,
                       "pick another name, or delete the old key with `certctl key delete`");
    }
    const keys::KeyInfo info =
        keys.generate(name, spec.empty() ? keys::KeySpec::default_spec() : keys::KeySpec::parse(spec), std::nullopt);
    return json_response(201, keys::key_json(info, {}));
}

Response Api::create_csr(const Request& request, const Caller&, const std::string&) {
    const nlohmann::json body = parse_json_body(request);
    csr::CreateParams p;
    p.name = required_string(body, "name");
    core::check_name("CSR", p.name);
    p.algorithm = key_spec_of(body);
    p.subject.common_name = required_string(body, "common_name");
    p.subject.country = optional_string(body, "country_name").value_or("");
    p.subject.state = optional_string(body, "state_province_name").value_or("");
    p.subject.locality = optional_string(body, "locality_name").value_or("");
    p.subject.organization = optional_string(body, "organization_name").value_or("");
    p.subject.org_unit = optional_string(body, "organizational_unit_name").value_or("");
    p.subject.email = optional_string(body, "email_address").value_or("");
    p.validity_days = optional_integer(body, "validity_period");
    auto store = m_pool.lease();
    csr::CsrStore csrs(*store, m_clock);
    if (csrs.find(p.name)) {
        throw conflict("cannot create CSR", p.name,
                       "pick another name; fetch the existing one with "
                       "GET /api/v1/certificate-request/" +
                           p.name);
    }
    const csr::CsrInfo info = csrs.create(p);
    nlohmann::json doc = csr::info_json(info);
    doc["key_generated"] = info.key_generated;
    doc["csr"] = info.pem;
    return json_response(request.method == "POST" ? 201 : 200, doc);
}

Response Api::ingest(const Request& request, const Caller&, const std::string&) {
    const nlohmann::json body = parse_json_body(request);
    certs::ImportRequest req;
    req.name = required_string(body, "name");
    core::check_name("certificate", req.name);
    req.contents = required_string(body, "certificate");
    req.file = "request body";
    req.chain_file.clear();
    req.trust_bundle = optional_string(body, "trust_bundle").value_or("");
    req.mode = certs::parse_validation_mode(m_pool.config().get("validation.mode"));
    req.purpose = optional_string(body, "purpose").value_or("any");
    req.policy = m_pool.config().get("policy.default");
    auto store = m_pool.lease();
    if (certs::Inventory(store->db()).exists(req.name)) {
        throw conflict("certificate name already in use", req.name,
                       "pick another name, or `certctl cert remove` it first");
    }
    trust::TrustStore bundles(store->db(), m_clock);
    const auto revocation = policies::revocation_lookup(*store);
    certs::Importer importer(store->db(), m_clock, *revocation,
                             [&bundles](const std::string& b) { return bundles.anchors(b); });
    const certs::ImportResult r = importer.import(req);
    nlohmann::json doc = certificate_json(store->db(), m_clock, r.record);
    doc["warnings"] = r.warnings;
    return json_response(201, doc);
}

Response Api::list_certificates(const Request&, const Caller&, const std::string&) {
    auto store = m_pool.lease();
    nlohmann::json list = nlohmann::json::array();
    for (const certs::CertRecord& r : certs::Inventory(store->db()).list_fields()) {  // record_json: no DER
        list.push_back(certificate_json(store->db(), m_clock, r));
    }
    return json_response(200, {{"certificates", list}});
}

Response Api::show_certificate(const Request&, const Caller&, const std::string& name) {
    auto store = m_pool.lease();
    const auto r = certs::Inventory(store->db()).find(name);
    if (!r) {
        throw core::Error(core::Errc::not_found, "no such certificate", name, "not in the inventory",
                          "see GET /api/v1/certificate");
    }
    nlohmann::json doc = certificate_json(store->db(), m_clock, *r);
    doc["pem"] = r->der.empty() ? nlohmann::json(nullptr) : nlohmann::json(certs::pem_encode(r->der, "CERTIFICATE"));
    return json_response(200, doc);
}

Response Api::show_csr(const Request&, const Caller&, const std::string& name) {
    auto store = m_pool.lease();
    const auto info = csr::CsrStore(*store, m_clock).find(name);
    if (!info) {
        throw core::Error(core::Errc::not_found, "no such CSR", name, "the store has no CSR by this name",
                          "create one with POST /api/v1/certificate-request");
    }
    nlohmann::json doc = csr::info_json(*info);
    doc["csr"] = info->pem;
    return json_response(200, doc);
}

Response Api::list_keys(const Request&, const Caller&, const std::string&) {
    auto store = m_pool.lease();
    keys::KeyStore keys(*store, m_clock);
    nlohmann::json list = nlohmann::json::array();
    for (const keys::KeyInfo& k : keys.list()) {
        list.push_back(keys::key_json(k, ca::key_users(store->db(), k.name)));
    }
    return json_response(200, {{"keys", list}});
}

Response Api::list_alarms(const Request& request, const Caller&, const std::string&) {
    const auto all = request.query.find("all");
    auto store = m_pool.lease();
    nlohmann::json list = nlohmann::json::array();
    for (const audit::Alarm& a :
         audit::AlarmStore(store->db(), m_clock).list(all != request.query.end() && all->second == "true")) {
        list.push_back(audit::alarm_json(a));
    }
    return json_response(200, {{"alarms", list}});
}

Response Api::crl_facts(const Request&, const Caller&, const std::string&) {
    auto store = m_pool.lease();
    nlohmann::json sources = nlohmann::json::array();
    const core::TimePoint now = m_clock.now();
    for (const crl::Source& s : crl::SourceStore(store->db()).list()) {
        sources.push_back(crl::source_json(s, now));
    }
    const crl::MasterList master(store->paths());
    nlohmann::json master_sources = nlohmann::json::array();
    for (const auto& s : master.sources()) {
        master_sources.push_back({{"name", s.name}, {"issuer", s.issuer_dn}, {"entries", s.entries}});
    }
    return json_response(
        200, {{"sources", sources},
              {"master_list",
               {{"present", master.present()}, {"total_entries", master.size()}, {"sources", master_sources}}}});
}

Response Api::audit_events(const Request& request, const Caller&, const std::string&) {
    audit::EventFilter filter;
    if (const auto since = request.query.find("since"); since != request.query.end() && !since->second.empty()) {
        filter.since = core::parse_time(since->second, "since");
    }
    if (const auto type = request.query.find("event"); type != request.query.end() && !type->second.empty()) {
        filter.type = type->second;
    }
    if (const auto limit = request.query.find("limit"); limit != request.query.end() && !limit->second.empty()) {
        const std::string& l = limit->second;
        if (l.size() > 6 || !std::all_of(l.begin(), l.end(), [](unsigned char c) { return std::isdigit(c) != 0; }) ||
            std::stoul(l) == 0 || std::stoul(l) > 10000) {
            throw HttpError(400, core::Error(core::Errc::usage, "bad query parameter", "limit", "must be 1 to 10000",
                                             "e.g. /api/v1/audit?limit=100"));
        }
        filter.limit = std::stoul(l);
    }
    auto store = m_pool.lease();
    nlohmann::json list = nlohmann::json::array();
    for (const audit::Event& e : audit::AuditLog(store->db(), m_clock).list(filter)) {
        list.push_back(audit::event_json(e));
    }
    return json_response(200, {{"events", list}});
}

}  // namespace certctl::api
