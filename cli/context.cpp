// cli/context.cpp — lazy store and configuration resolution.
#include "cli/context.h"

#include <cstdlib>

namespace certctl::cli {

core::StorePaths Context::paths() const { return core::StorePaths(core::StorePaths::resolve_root(opts.store)); }

const core::Config& Context::config() {
    if (!m_config) {
        if (!opts.config.empty()) {
            m_config = std::make_unique<core::Config>(core::Config::load(opts.config, true));
        } else if (const char* env = std::getenv("CERTCTL_CONFIG"); env != nullptr && *env != '\0') {
            m_config = std::make_unique<core::Config>(core::Config::load(env, true));
        } else {
            m_config = std::make_unique<core::Config>(core::Config::load(paths().config_file(), false));
        }
    }
    return *m_config;
}

bool Context::has_store() const {
    std::error_code ec;
    const bool exists = std::filesystem::exists(paths().database(), ec);
    // A store we may not look into is still a store: opening it then says 77 with a hint, not "no store".
    return exists || (ec && ec != std::errc::no_such_file_or_directory && ec != std::errc::not_a_directory);
}

storage::Store& Context::store(storage::Store::Access access) {
    if (!m_store || (access == storage::Store::Access::write && m_access == storage::Store::Access::read)) {
        if (m_store) {
            m_reopened.push_back(std::move(m_store));
        }
        m_store = storage::Store::open(paths(), access, config());
        m_store->allow_loose_key_files(opts.insecure);
        m_access = access;
    }
    return *m_store;
}

void on_run(CLI::App* cmd, Context& ctx, std::function<void()> handler) {
    cmd->callback([&ctx, handler = std::move(handler)] {
        ctx.out.configure(ctx.opts.json, ctx.opts.quiet, ctx.opts.verbose);
        if (ctx.opts.insecure) {
            ctx.out.warning("--insecure: private key files that group or others can read are used as they are");
        }
        handler();
    });
}

void set_help(CLI::App* cmd, const std::string& exit_codes,
              const std::vector<std::pair<std::string, std::string>>& examples) {
    std::string footer = "\nEXIT CODES\n" + exit_codes;
    if (!examples.empty()) {
        footer += "\nEXAMPLES\n";
        for (const auto& [intent, command] : examples) {
            footer += "  " + intent + "\n    " + command + "\n";
        }
    }
    cmd->footer(footer);
}

}  // namespace certctl::cli
