// cli/cmd_serve.cpp — certctl serve: runs certctl-serve (the REST API server) in this process's place, so
// the HTTP and TLS libraries are loaded by that executable only and every other command starts as before.
#include "cli/commands.h"

#include <unistd.h>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace certctl::cli {

namespace {
struct ServeOptions {
    std::string listen = "127.0.0.1:8443";
    std::string tls_cert;
    bool insecure_http = false;
};

// Beside this executable (the build tree, or an install into one directory), else in
// ../libexec/certctl/ (a packaged install: `meson install` puts it there).
std::filesystem::path server_executable() {
    std::error_code ec;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
    const std::filesystem::path dir = ec ? std::filesystem::path(".") : self.parent_path();
    for (const auto& candidate : {dir / "certctl-serve", dir / ".." / "libexec" / "certctl" / "certctl-serve"}) {
        if (::access(candidate.c_str(), X_OK) == 0) {
            return candidate;
        }
    }
    throw core::Error(core::Errc::not_found, "cannot start the API server", "certctl-serve",
                      "not found beside " + (dir / "certctl").string() + " nor in " +
                          (dir / ".." / "libexec" / "certctl").lexically_normal().string(),
                      "install certctl completely (`meson install`), or build the certctl-serve target");
}

void serve_command(Context& ctx, const ServeOptions& o) {
    const std::string exe = server_executable().string();
    std::vector<std::string> args = {exe, "--store", ctx.paths().root().string(), "--listen", o.listen};
    if (!ctx.opts.config.empty()) {
        args.insert(args.end(), {"--config", ctx.opts.config});
    }
    if (!o.tls_cert.empty()) {
        args.insert(args.end(), {"--tls-cert", o.tls_cert});
    }
    if (o.insecure_http) {
        args.emplace_back("--insecure-http");
    }
    std::vector<char*> argv;
    for (std::string& a : args) {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    ::execv(exe.c_str(), argv.data());
    throw core::Error(core::Errc::internal, "cannot start the API server", exe, std::strerror(errno),
                      "check that the file is an executable for this machine");
}
}  // namespace

void register_serve_commands(CLI::App& app, Context& ctx) {
    auto o = std::make_shared<ServeOptions>();
    CLI::App* serve = app.add_subcommand(
        "serve", "REST API over HTTPS on the same store: login, keys, CSRs, certificate ingestion, reading, metrics");
    serve->add_option("--listen", o->listen, "address and port to listen on")
        ->capture_default_str()
        ->type_name("ADDR:PORT");
    serve
        ->add_option("--tls-cert", o->tls_cert,
                     "inventory certificate to serve HTTPS with; its key must be in the store (unencrypted)")
        ->type_name("NAME");
    serve->add_flag("--insecure-http", o->insecure_http,
                    "plain HTTP instead of HTTPS; refused unless --listen is a loopback address");
    set_help(serve,
             "  0 stopped by SIGTERM or SIGINT (after answering requests in flight)\n"
             "  64 bad --listen, no --tls-cert, --insecure-http off loopback   65 certificate or key unusable\n"
             "  66 no such certificate or key, certctl-serve missing   69 cannot listen (address in use)\n",
             {{"HTTPS on all IPv4 addresses with the store certificate api (see docs/api.md):",
               "certctl serve --listen 0.0.0.0:8443 --tls-cert api"},
              {"Plain HTTP for a test on this machine:", "certctl serve --listen 127.0.0.1:8080 --insecure-http"}});
    on_run(serve, ctx, [&ctx, o] { serve_command(ctx, *o); });
}

}  // namespace certctl::cli
