// cli/cmd_exchange.cpp — certctl exchange: verify and show signed exchange files; the flows that write and
// import them are registered from cmd_exchange_flows.cpp.
#include "cli/cmd_exchange.h"

#include "cli/commands.h"
#include "cli/locked_pool.h"
#include "lib/certs/cert_summary.h"
#include "lib/core/atomic_file.h"
#include "lib/core/printable.h"
#include "lib/core/rfc3339.h"
#include "lib/exchange/exchange_file.h"
#include "lib/exchange/exchange_signature.h"
#include "lib/exchange/exchange_summary.h"
#include "lib/exchange/exchange_verifier.h"
#include "lib/exchange/trust_source.h"

#include <botan/x509cert.h>
#include <iomanip>
#include <iostream>

namespace certctl::cli {

std::vector<Botan::X509_Certificate> exchange_trust(Context& ctx, const ExchangeTrustOptions& o) {
    if (!o.trust_file.empty()) {
        return exchange::trusted_from_file(o.trust_file);
    }
    if (!o.bundle.empty()) {
        return exchange::trusted_from_store(ctx.store(storage::Store::Access::read).db(), ctx.clock, o.bundle);
    }
    if (ctx.has_store()) {
        return exchange::trusted_from_store(ctx.store(storage::Store::Access::read).db(), ctx.clock, std::nullopt);
    }
    return {};
}

void ExchangeTrustOptions::add_to(CLI::App* cmd) {
    auto* b = cmd->add_option("--trust", bundle, "trust bundle holding the licensing root (default: every bundle)")
                  ->type_name("BUNDLE");
    auto* f = cmd->add_option("--trust-file", trust_file, "PEM file holding the licensing root; needs no store")
                  ->type_name("FILE");
    b->excludes(f);
}

nlohmann::json exchange_report_json(const std::string& file, const exchange::VerifyReport& r) {
    nlohmann::json checks = nlohmann::json::array();
    for (const exchange::Check& c : r.checks) {
        checks.push_back({{"name", c.name},
                          {"status", c.status == exchange::Check::Status::pass   ? "ok"
                                     : c.status == exchange::Check::Status::warn ? "warning"
                                                                                 : "failed"},
                          {"detail", c.detail}});
    }
    nlohmann::json root = nullptr;
    if (r.root) {
        root = {{"subject", r.root->subject_dn().get_first_attribute("CN")},
                {"fingerprint", certs::fingerprint_sha256(*r.root)},
                {"root_cert_hash", exchange::root_cert_hash(*r.root)}};
    }
    return {{"file", file}, {"kind", exchange::file_kind_name(r.kind)}, {"valid", r.valid()}, {"root", root},
            {"checks", checks}};
}

void write_exchange_file(Context& ctx, const std::string& out, const std::string& text, const std::string& what) {
    if (out.empty()) {
        ctx.out.raw(text);
        return;
    }
    core::write_file_atomic(out, text, 0644);
    ctx.out.info("wrote " + what + " to " + out);
}

void print_exchange_report(TextOut& os, const std::string& file, const exchange::VerifyReport& r) {
    std::size_t width = 0;
    std::size_t failed = 0;
    for (const exchange::Check& c : r.checks) {
        width = std::max(width, c.name.size());
        failed += c.status == exchange::Check::Status::fail ? 1 : 0;
    }
    os << "file: " << file << "\nkind: " << exchange::file_kind_name(r.kind) << "\n";
    for (const exchange::Check& c : r.checks) {
        os << "  " << std::left << std::setw(5) << exchange::check_status_name(c.status)
           << std::setw(static_cast<int>(width) + 2) << c.name << c.detail << "\n";
    }
    if (r.valid()) {
        os << "valid\n";
    } else {
        os << "NOT VALID: " << failed << " check(s) failed\n";
    }
}

namespace {
struct VerifyOptions {
    std::string file;
    ExchangeTrustOptions trust;
    std::string at;
};

void verify_command(Context& ctx, const VerifyOptions& o) {
    const exchange::ExchangeFile file = exchange::ExchangeFile::read(o.file);
    const auto trusted = exchange_trust(ctx, o.trust);
    const core::TimePoint at = o.at.empty() ? ctx.clock.now() : core::parse_time(o.at, "--at");
    const exchange::VerifyReport report = exchange::verify_exchange(file, trusted, at);
    ctx.out.result(exchange_report_json(o.file, report),
                   [&](TextOut& os) { print_exchange_report(os, o.file, report); });
    if (!report.valid()) {
        ctx.exit_code = 1;
    }
}

void show_command(Context& ctx, const std::string& path) {
    const exchange::FileSummary s = exchange::summarise(exchange::ExchangeFile::read(path));
    nlohmann::json values = nlohmann::json::object();
    for (const auto& [k, v] : s.values) {
        values[k] = v;
    }
    nlohmann::json items = nlohmann::json::array();
    std::vector<std::vector<std::string>> rows;
    for (const exchange::ItemSummary& i : s.items) {
        nlohmann::json item = {{"field", i.field}, {"type", i.type}, {"parsed", i.parsed}};
        if (!i.parsed) {
            item["error"] = i.error;
        } else {
            item["subject"] = i.subject;
            item["key"] = i.key;
            if (i.type == "certificate") {
                item.update({{"issuer", i.issuer}, {"serial", i.serial}, {"not_before", i.not_before},
                             {"not_after", i.not_after}, {"fingerprint", i.fingerprint}, {"ca", i.ca}});
            }
        }
        if (s.kind == exchange::FileKind::authorization || s.kind == exchange::FileKind::sync_response) {
            item["signed"] = i.is_signed;
        }
        items.push_back(item);
        rows.push_back({i.field, i.type, i.parsed ? i.subject : "unreadable: " + i.error, i.issuer,
                        i.not_after, i.key});
    }
    const nlohmann::json doc = {
        {"file", path},
        {"kind", exchange::file_kind_name(s.kind)},
        {"fields", values},
        {"items", items},
        {"local_sub_ca_cert", s.has_local_sub_ca_cert},
        {"signed_bytes", s.signed_bytes ? nlohmann::json(*s.signed_bytes) : nlohmann::json(nullptr)},
        {"unsigned_keys", s.unsigned_keys}};
    ctx.out.result(doc, [&](TextOut& os) {
        std::vector<std::pair<std::string, std::string>> head = {{"kind", exchange::file_kind_name(s.kind)}};
        head.insert(head.end(), s.values.begin(), s.values.end());
        if (s.signed_bytes) {
            head.emplace_back("signed_bytes", std::to_string(*s.signed_bytes) + " (after :data:; not verified here, "
                                                                                "see `exchange verify`)");
            head.emplace_back("local_sub_ca_cert", s.has_local_sub_ca_cert ? "present (3-tier)" : "not yet issued");
        }
        if (!s.unsigned_keys.empty()) {
            head.emplace_back("unsigned_keys", join(s.unsigned_keys, ", "));
        }
        std::size_t w = 0;
        for (const auto& [k, v] : head) {
            w = std::max(w, k.size());
        }
        for (const auto& [k, v] : head) {
            os << k << ":" << std::string(w - k.size() + 1, ' ') << v << "\n";
        }
        os << "\n";
        print_aligned(os, {"FIELD", "TYPE", "SUBJECT", "ISSUER", "NOT AFTER", "KEY"}, rows);
    });
}
}  // namespace

void print_aligned(TextOut& os, const std::vector<std::string>& headers,
                   const std::vector<std::vector<std::string>>& data) {
    std::vector<std::vector<std::string>> rows;  // as they will be printed, so the columns line up
    for (const auto& r : data) {
        rows.emplace_back();
        for (const auto& cell : r) {
            rows.back().push_back(core::printable(cell));
        }
    }
    std::vector<std::size_t> w(headers.size());
    for (std::size_t i = 0; i < headers.size(); ++i) {
        w[i] = headers[i].size();
        for (const auto& r : rows) {
            w[i] = std::max(w[i], r[i].size());
        }
    }
    const auto line = [&](const std::vector<std::string>& cells) {
        for (std::size_t i = 0; i < cells.size(); ++i) {
            os << cells[i];
            if (i + 1 < cells.size()) {
                os << std::string(w[i] - cells[i].size() + 2, ' ');
            } else {
                os << '\n';
            }
        }
    };
    line(headers);
    for (const auto& r : rows) {
        line(r);
    }
}

void register_exchange_commands(CLI::App& app, Context& ctx) {
    CLI::App* group = app.add_subcommand("exchange", "Signed exchange files of a licensing On-Prem and its cloud");
    // In flow order, so the help examples run top to bottom: each uses what the one before wrote.
    register_exchange_registration_command(*group, ctx);
    register_exchange_authorize_command(*group, ctx);
    register_exchange_import_commands(*group, ctx);  // import, sync-request
    register_exchange_sync_response_command(*group, ctx);

    auto vo = std::make_shared<VerifyOptions>();
    CLI::App* verify = group->add_subcommand(
        "verify", "Check a file: signature over the :data: block, the signing certificate's chain to a trusted root, "
                  "root_cert_hash, every certificate in its role, CSR signatures. Each check is printed.");
    skip_locked_pool_for(*verify);  // signatures checked with public keys only
    verify->add_option("FILE", vo->file, "registration, authorization, sync request or sync response")->required();
    vo->trust.add_to(verify);
    verify->add_option("--at", vo->at, "check validity at this time instead of now (RFC 3339 or YYYY-MM-DD)");
    set_help(
        verify,
        "  0 valid   1 not valid (each failed check printed)   64 usage   65 unreadable file (not YAML, anchors or\n"
        "  aliases, duplicate keys, over 16 MiB)   66 no such file or bundle\n",
        {{"Check a sync response against the lab root:",
          "certctl exchange verify lab-sync.yml --trust-file lab-root.pem"},
         {"Check a registration request (CSR signatures, UUID, time), as JSON:",
          "certctl exchange verify lab-registration.yml --json"}});
    on_run(verify, ctx, [&ctx, vo] { verify_command(ctx, *vo); });

    auto show_file = std::make_shared<std::string>();
    CLI::App* show = group->add_subcommand("show", "What a file carries: its fields and each certificate and CSR "
                                                   "summarised (nothing verified: see `exchange verify`)");
    show->add_option("FILE", *show_file, "an exchange file")->required();
    set_help(show, "  0 ok   64 usage   65 unreadable file   66 no such file\n",
             {{"Summarise an authorization:", "certctl exchange show lab-auth.yml"},
              {"Certificate fingerprints as JSON:", "certctl exchange show lab-auth.yml --json"}});
    on_run(show, ctx, [&ctx, show_file] { show_command(ctx, *show_file); });
}

}  // namespace certctl::cli
