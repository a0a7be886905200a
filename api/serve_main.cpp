// api/serve_main.cpp — certctl-serve, the REST API server. `certctl serve` runs it (exec), so only this
// executable links libmicrohttpd and GnuTLS and every other command starts as fast as before.
#include "api/api.h"
#include "api/server.h"
#include "api/store_pool.h"
#include "api/tls_identity.h"
#include "cli/exit_codes.h"
#include "lib/core/config.h"
#include "lib/core/printable.h"
#include "lib/core/store_paths.h"
#include "service/systemd_notify.h"

#include <pthread.h>
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdlib>
#include <iostream>

namespace {
using namespace certctl;

struct ServeOptions {
    std::string store;
    std::string config;
    std::string listen = "127.0.0.1:8443";
    std::string tls_cert;
    bool insecure_http = false;
};

constexpr core::Seconds k_drain{30};  // SIGTERM: how long requests in flight may take to finish

void log(const std::string& line) {
    std::cerr << "certctl-serve: " << line << std::endl;
}

core::Config load_config(const ServeOptions& o, const core::StorePaths& paths) {
    if (!o.config.empty()) {
        return core::Config::load(o.config, true);
    }
    if (const char* env = std::getenv("CERTCTL_CONFIG"); env != nullptr && *env != '\0') {
        return core::Config::load(env, true);
    }
    return core::Config::load(paths.config_file(), false);
}

// "127.0.0.1:8443", "[::1]:8443".
api::ListenOptions parse_listen(const std::string& text) {
    api::ListenOptions l;
    const auto colon = text.rfind(':');
    const auto usage = [&](const std::string& why) {
        return core::Error(core::Errc::usage, "bad --listen", text, why,
                           "write ADDR:PORT, e.g. 127.0.0.1:8443 or [::1]:8443");
    };
    if (colon == std::string::npos || colon == 0) {
        throw usage("no port");
    }
    std::string host = text.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    const std::string port = text.substr(colon + 1);
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
        std::stoul(port) > 65535) {
        throw usage("the port must be 0 to 65535");
    }
    l.address = host;
    l.port = static_cast<unsigned short>(std::stoul(port));
    return l;
}

bool is_loopback(const std::string& address) {
    return address.rfind("127.", 0) == 0 || address == "::1";
}

// The listening socket's options: HTTPS with --tls-cert, or plain HTTP on a loopback address only.
api::ListenOptions listen_options(const ServeOptions& o, const core::Config& config) {
    api::ListenOptions listen = parse_listen(o.listen);
    if (o.insecure_http) {
        if (!is_loopback(listen.address)) {
            throw core::Error(core::Errc::usage, "refusing plain HTTP", listen.address,
                              "--insecure-http is allowed on a loopback address only: tokens and passwords would "
                              "cross the network in clear text",
                              "serve HTTPS with --tls-cert NAME, or listen on 127.0.0.1");
        }
        listen.tls = false;
    } else if (o.tls_cert.empty()) {
        throw core::Error(core::Errc::usage, "no TLS certificate", "--tls-cert",
                          "the API is served over HTTPS and needs a certificate of the store",
                          "give --tls-cert NAME (see `certctl cert list`), or --insecure-http on 127.0.0.1 for a test");
    }
    listen.max_body = config.get_size("api.max_body");
    listen.idle_timeout = config.get_duration("api.idle_timeout");
    listen.request_timeout = config.get_duration("api.request_timeout");
    listen.log = log;
    return listen;
}

// Signals go to one thread that waits for them; every other thread (the server's) has them blocked.
sigset_t block_signals() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
    return signals;
}

// Users, roles and tokens are read from the store on every request; the certificate is what needs reloading,
// so a renewed certificate takes effect without a restart.
template <typename Load>
void reload_identity(const Load& load_identity) {
    try {
        const auto id = load_identity();
        api::TlsIdentity::install(id);
        log("reloaded TLS certificate " + id->name() + " (valid until " + id->not_after() + ")");
    } catch (const core::Error& e) {
        log(std::string("reload failed, keeping the current certificate: ") + e.what());
    }
}

int run(const ServeOptions& o) {
    const core::StorePaths paths(core::StorePaths::resolve_root(o.store));
    const core::Config config = load_config(o, paths);
    const api::ListenOptions listen = listen_options(o, config);
    api::StorePool pool(paths, config, config.get_duration("api.store_wait"));
    core::SystemClock clock;
    const auto load_identity = [&] {
        auto identity = [&] {
            auto store = pool.lease();
            return api::TlsIdentity::load(*store, clock, o.tls_cert);
        }();
        pool.make_commits_durable();  // nothing, unless loading wrote (the pool's stores leave it to this)
        return identity;
    };
    if (listen.tls) {
        api::TlsIdentity::install(load_identity());
    } else {
        log("warning: serving plain HTTP on " + listen.address + ": for tests on this machine only");
    }
    const sigset_t signals = block_signals();
    api::Api api(pool, clock);
    api::Server server(api, listen);
    const std::string where =
        (listen.tls ? "https://" : "http://") +
        (listen.address.find(':') != std::string::npos ? "[" + listen.address + "]" : listen.address) + ":" +
        std::to_string(server.port());
    log("listening on " + where + (listen.tls ? " with certificate " + o.tls_cert : ""));
    service::notify_ready("serving " + where);
    for (;;) {
        int sig = 0;
        if (sigwait(&signals, &sig) != 0) {
            continue;
        }
        if (sig == SIGHUP) {
            if (listen.tls) {
                reload_identity(load_identity);
            }
            service::notify_status("serving " + where);
            continue;
        }
        log("stopping: answering requests in flight");
        service::notify_stopping();
        server.shutdown(k_drain);
        log("stopped");
        return cli::k_exit_ok;
    }
}
}  // namespace

int main(int argc, char** argv) {
    CLI::App app("certctl-serve: the certctl REST API over HTTPS (run it as `certctl serve`)", "certctl-serve");
    ServeOptions o;
    app.add_option("--store", o.store, "store directory")->type_name("DIR");
    app.add_option("--config", o.config, "configuration file")->type_name("FILE");
    app.add_option("--listen", o.listen, "address and port")->capture_default_str()->type_name("ADDR:PORT");
    app.add_option("--tls-cert", o.tls_cert, "inventory certificate (and its key) to serve HTTPS with")
        ->type_name("NAME");
    app.add_flag("--insecure-http", o.insecure_http, "plain HTTP, on a loopback address only");
    try {
        app.parse(argc, argv);
        return run(o);
    } catch (const CLI::ParseError& e) {
        return e.get_exit_code() == 0 ? app.exit(e) : (app.exit(e), cli::k_exit_usage);
    } catch (const core::Error& e) {
        std::cerr << "certctl: error: " << core::printable(e.what()) << "\n";
        if (!e.hint().empty()) {
            std::cerr << "hint: " << core::printable(e.hint()) << "\n";
        }
        return cli::exit_code_for(e.code());
    } catch (const std::exception& e) {
        std::cerr << "certctl: error: internal error: " << e.what() << "\n";
        return cli::k_exit_internal;
    }
}
