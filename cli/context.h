// cli/context.h — what every handler gets: global options, output, the store (opened on demand), the clock.
#pragma once
#include "cli/output.h"
#include "lib/audit/audit_log.h"
#include "lib/audit/counters.h"
#include "lib/core/clock.h"
#include "lib/core/config.h"
#include "lib/core/store_paths.h"
#include "lib/storage/store.h"

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace certctl::cli {

struct GlobalOptions {
    std::string store;
    std::string config;
    bool json = false;
    bool quiet = false;
    bool verbose = false;
    bool insecure = false;  // use private key files that group or others can read
};

class Context final {
public:
    GlobalOptions opts;
    Output out;
    int exit_code = 0;
    core::SystemClock clock;

    // Store root after --store / CERTCTL_STORE / default.
    core::StorePaths paths() const;
    // Effective configuration: --config beats CERTCTL_CONFIG beats <store>/certctl.toml.
    const core::Config& config();
    // Opens the store once; Access::write creates it. The first call decides; a later write request
    // on a store opened for reading reopens it for writing.
    storage::Store& store(storage::Store::Access access);
    bool has_store() const;  // a database exists at paths()

    audit::AuditLog audit_log() { return audit::AuditLog(store(storage::Store::Access::write).db(), clock); }
    audit::Counters counters() { return audit::Counters(store(storage::Store::Access::write).db()); }

private:
    std::unique_ptr<core::Config> m_config;
    std::unique_ptr<storage::Store> m_store;
    // Stores opened for reading and then reopened for writing: kept open to the end, because a command may
    // still hold a reference to the one it read with (check did, and crashed on it).
    std::vector<std::unique_ptr<storage::Store>> m_reopened;
    storage::Store::Access m_access = storage::Store::Access::read;
};

// Sets `handler` as the command's action; it runs after all options are parsed, with output configured.
void on_run(CLI::App* cmd, Context& ctx, std::function<void()> handler);

// Help text with the fixed sections: description, then EXIT CODES and EXAMPLES in the footer.
// `examples` are pairs of (intent, command); a CLI test runs every command on a fresh store.
void set_help(CLI::App* cmd, const std::string& exit_codes,
              const std::vector<std::pair<std::string, std::string>>& examples);

}  // namespace certctl::cli
