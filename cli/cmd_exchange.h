// cli/cmd_exchange.h — pieces shared by the exchange command files.
#pragma once
#include "cli/context.h"
#include "lib/exchange/exchange_verifier.h"

#include <CLI/CLI.hpp>
#include <botan/x509cert.h>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

namespace certctl::cli {

// --trust BUNDLE | --trust-file FILE; neither: every bundle of the store, if there is a store.
struct ExchangeTrustOptions {
    std::string bundle;
    std::string trust_file;
    void add_to(CLI::App* cmd);
};
std::vector<Botan::X509_Certificate> exchange_trust(Context& ctx, const ExchangeTrustOptions& o);

nlohmann::json exchange_report_json(const std::string& file, const exchange::VerifyReport& r);
void print_exchange_report(TextOut& os, const std::string& file, const exchange::VerifyReport& r);
// A written exchange file goes to --out (atomically, 0644, "wrote WHAT to OUT" on stderr) or to stdout.
void write_exchange_file(Context& ctx, const std::string& out, const std::string& text, const std::string& what);
void print_aligned(TextOut& os, const std::vector<std::string>& headers,
                   const std::vector<std::vector<std::string>>& rows);

// cmd_exchange_flows.cpp: registration; import and sync-request.
void register_exchange_registration_command(CLI::App& group, Context& ctx);
void register_exchange_import_commands(CLI::App& group, Context& ctx);
// cmd_exchange_lab.cpp: authorize and sync-response (the cloud's side, over the local CA).
void register_exchange_authorize_command(CLI::App& group, Context& ctx);
void register_exchange_sync_response_command(CLI::App& group, Context& ctx);

}  // namespace certctl::cli
