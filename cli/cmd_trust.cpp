// cli/cmd_trust.cpp — certctl trust add|list|show|export|remove (probe: cli/cmd_trust_probe.cpp).
#include "cli/cmd_trust_probe.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/locked_pool.h"
#include "lib/certs/pem.h"
#include "lib/core/atomic_file.h"
#include "lib/core/name.h"
#include "lib/core/rfc3339.h"
#include "lib/trust/trust_store.h"

#include <iostream>

namespace certctl::cli {

namespace {
struct AddOptions {
    std::string bundle;
    std::vector<std::string> files;
    std::string mode;
    bool fips = false;
};

nlohmann::json report_json(const trust::AddReport& r) {
    nlohmann::json entries = nlohmann::json::array();
    nlohmann::json rejected = nlohmann::json::array();
    for (const auto& e : r.entries) {
        const nlohmann::json item = {{"outcome", trust::outcome_name(e.outcome)},
                                     {"subject", e.subject},
                                     {"fingerprint", e.fingerprint},
                                     {"not_after", e.not_after},
                                     {"reason", e.reason},
                                     {"source", e.source}};
        entries.push_back(item);
        if (e.outcome == trust::Outcome::rejected) {
            rejected.push_back(item);
        }
    }
    return {{"bundle", r.bundle},
            {"validation_mode", r.mode},
            {"fips", r.fips},
            {"attempted", r.attempted},
            {"installed", r.installed},
            {"would_install", r.would_install},
            {"duplicates", r.duplicates},
            {"expired", r.expired},
            {"rejected", r.rejected},
            {"refused", r.refused},
            {"rejected_certificates", rejected},
            {"certificates", entries},
            {"notes", r.notes}};
}

void add_command(Context& ctx, const AddOptions& o) {
    storage::Store& store = ctx.store(storage::Store::Access::write);
    trust::TrustStore trust(store.db(), ctx.clock);
    std::optional<certs::ValidationMode> mode;
    if (!o.mode.empty()) {
        mode = certs::parse_validation_mode(o.mode);
    }
    const auto default_mode = certs::parse_validation_mode(ctx.config().get("validation.mode"));
    const trust::AddReport r = trust.add(o.bundle, o.files, mode, default_mode, o.fips);
    const core::Error refusal(core::Errc::bad_input, "trust bundle refused", o.bundle,
                              "strict mode: " + std::to_string(r.expired) + " expired and " +
                                  std::to_string(r.rejected) + " rejected certificate(s); nothing was installed",
                              "remove them from the file, or accept the rest with --validation-mode warn");
    nlohmann::json doc = report_json(r);
    if (r.refused) {
        doc["error"] = {{"code", "bad_input"}, {"message", refusal.what()}, {"hint", refusal.hint()}};
    }
    ctx.out.result(doc, [&](TextOut& os) {
        os << "bundle " << r.bundle << " (" << r.mode << (r.fips ? ", fips" : "") << "): attempted " << r.attempted
           << "  installed " << r.installed << "  duplicates " << r.duplicates << "  expired " << r.expired
           << "  rejected " << r.rejected;
        if (r.refused) {
            os << "  (would install " << r.would_install << ")";
        }
        os << "\n";
        for (const auto& e : r.entries) {
            if (e.outcome == trust::Outcome::rejected || e.outcome == trust::Outcome::expired) {
                os << "  " << trust::outcome_name(e.outcome) << ": " << (e.subject.empty() ? e.source : e.subject)
                   << ": " << e.reason << "\n";
            }
        }
    });
    if (!r.refused) {
        for (const auto& e : r.entries) {
            if (e.outcome == trust::Outcome::installed && !e.reason.empty()) {
                ctx.out.warning(e.subject + ": " + e.reason + " (installed: warn mode)");
            } else if (e.outcome == trust::Outcome::expired || e.outcome == trust::Outcome::rejected) {
                ctx.out.warning(std::string(trust::outcome_name(e.outcome)) + ": " +
                                (e.subject.empty() ? e.source : e.subject) + ": " + e.reason);
            }
        }
    }
    for (const auto& n : r.notes) {
        ctx.out.info("note: " + n);
    }
    if (r.refused) {
        if (!ctx.out.json()) {
            ctx.out.error(refusal);
        }
        ctx.exit_code = k_exit_bad_input;
    }
}

nlohmann::json bundle_json(const trust::BundleInfo& b) {
    return {{"name", b.name}, {"validation_mode", b.validation_mode}, {"created", b.created},
            {"certificates", b.certificates}, {"expired", b.expired}};
}

void cert_rows(Context& ctx, const std::string& bundle, nlohmann::json& doc,
               std::vector<std::vector<std::string>>& rows) {
    trust::TrustStore trust(ctx.store(storage::Store::Access::read).db(), ctx.clock);
    const std::string now = core::format_rfc3339(ctx.clock.now());
    doc["certificates"] = nlohmann::json::array();
    for (const auto& c : trust.certificates(bundle)) {
        const bool expired = c.not_after < now;
        doc["certificates"].push_back({{"subject", c.subject}, {"fingerprint", c.fingerprint},
                                       {"not_after", c.not_after}, {"expired", expired}, {"added", c.added}});
        rows.push_back({c.fingerprint.substr(0, 16), c.not_after + (expired ? " (expired)" : ""), c.subject});
    }
}

void list_command(Context& ctx, const std::string& bundle) {
    trust::TrustStore trust(ctx.store(storage::Store::Access::read).db(), ctx.clock);
    if (!bundle.empty()) {
        nlohmann::json doc = {{"bundle", bundle}};
        std::vector<std::vector<std::string>> rows;
        cert_rows(ctx, bundle, doc, rows);
        ctx.out.table(doc, {"SHA256", "NOT AFTER", "SUBJECT"}, rows);
        return;
    }
    nlohmann::json doc = {{"bundles", nlohmann::json::array()}};
    std::vector<std::vector<std::string>> rows;
    for (const auto& b : trust.list()) {
        doc["bundles"].push_back(bundle_json(b));
        rows.push_back(
            {b.name, b.validation_mode, std::to_string(b.certificates), std::to_string(b.expired), b.created});
    }
    ctx.out.table(doc, {"BUNDLE", "MODE", "CERTS", "EXPIRED", "CREATED"}, rows);
}

void show_command(Context& ctx, const std::string& bundle) {
    core::check_name("bundle", bundle);
    trust::TrustStore trust(ctx.store(storage::Store::Access::read).db(), ctx.clock);
    nlohmann::json doc = {{"bundle", bundle}};
    std::vector<std::vector<std::string>> rows;
    cert_rows(ctx, bundle, doc, rows);  // Error(not_found) for an unknown bundle
    const trust::BundleInfo info = *trust.find(bundle);
    doc["validation_mode"] = info.validation_mode;
    doc["created"] = info.created;
    doc["count"] = info.certificates;
    doc["expired"] = info.expired;
    ctx.out.result(doc, [&](TextOut& os) {
        os << "bundle:          " << info.name << "\nvalidation mode: " << info.validation_mode
           << "\ncreated:         " << info.created << "\ncertificates:    " << info.certificates
           << "\nexpired:         " << info.expired << "\n";
        for (const auto& row : rows) {
            os << "  " << row[0] << "  " << row[1] << "  " << row[2] << "\n";
        }
    });
}

void export_command(Context& ctx, const std::string& bundle, const std::string& out, std::string format) {
    trust::TrustStore trust(ctx.store(storage::Store::Access::read).db(), ctx.clock);
    if (format.empty()) {
        format = out.size() > 4 &&
                         (out.compare(out.size() - 4, 4, ".p7b") == 0 || out.compare(out.size() - 4, 4, ".p7c") == 0)
                     ? "p7b"
                     : "pem";
    }
    std::string data;
    if (format == "pem") {
        data = trust.export_pem(bundle);
    } else {
        const std::vector<std::uint8_t> der = trust.export_p7b(bundle);
        // A terminal or pipe gets the PEM armour ("-----BEGIN PKCS7-----"); a file gets DER, as vendors ship it.
        data = out.empty() ? certs::pem_encode(der, "PKCS7") : std::string(der.begin(), der.end());
    }
    if (out.empty()) {
        ctx.out.raw(data);
    } else {
        core::write_file_atomic(out, data, 0644);
    }
}

void remove_command(Context& ctx, const std::string& bundle, const std::string& fingerprint) {
    trust::TrustStore trust(ctx.store(storage::Store::Access::write).db(), ctx.clock);
    if (fingerprint.empty()) {
        trust.remove(bundle);
    } else {
        trust.remove_certificate(bundle, fingerprint);
    }
}
}  // namespace

// Long by design: the group's command tree as declarations only (each subcommand's options, help text,
// exit codes and examples, then its handler above), one block a subcommand in --help's order.
void register_trust_commands(CLI::App& app, Context& ctx) {
    CLI::App* group = app.add_subcommand("trust", "Trust bundles: the CA certificates chains are checked against");

    auto add = std::make_shared<AddOptions>();
    CLI::App* add_cmd =
        group->add_subcommand("add", "Add PEM, DER or PKCS#7 (.p7b) certificates to a bundle, with a report");
    skip_locked_pool_for(*add_cmd);  // certificates only (probe, which makes TLS keys, keeps the pool)
    add_cmd->add_option("BUNDLE", add->bundle, "bundle name (created if new)")->required();
    add_cmd->add_option("FILE", add->files, "certificate files: PEM (many), DER, PKCS#7 PEM or DER")->required();
    add_cmd->add_option("--validation-mode", add->mode,
                        "strict: refuse the whole input if any certificate is expired or rejected; warn: install "
                        "the rest and warn (default: the bundle's mode, else validation.mode)")
        ->check(CLI::IsMember({"strict", "warn"}));
    add_cmd->add_flag("--fips", add->fips, "reject SHA-1 and MD5 signatures and RSA keys under 2048 bits");
    set_help(add_cmd,
             "  0 added (duplicates are fine)   64 bad name or option   65 unreadable file, private key, or\n"
             "  strict mode refused the input (report printed)   66 file not found   73 cannot write\n",
             {{"Trust the lab CA for certificate imports:", "certctl trust add lab ca.pem"},
              {"Adding the same file again only counts duplicates:", "certctl trust add lab ca.pem --json"},
              {"Debian's public roots (a few are expired: warn installs the rest):",
               "certctl trust add public /etc/ssl/certs/ca-certificates.crt --validation-mode warn"}});
    on_run(add_cmd, ctx, [&ctx, add] { add_command(ctx, *add); });

    auto list_bundle = std::make_shared<std::string>();
    CLI::App* list = group->add_subcommand("list", "Bundles, or the certificates of one bundle");
    skip_locked_pool_for(*list);
    list->add_option("BUNDLE", *list_bundle, "list this bundle's certificates");
    set_help(list, "  0 ok   66 no such bundle or no store\n",
             {{"All bundles:", "certctl trust list"}, {"The certificates of one:", "certctl trust list lab"}});
    on_run(list, ctx, [&ctx, list_bundle] { list_command(ctx, *list_bundle); });

    auto show_bundle = std::make_shared<std::string>();
    CLI::App* show = group->add_subcommand("show", "One bundle: mode, counts and each certificate");
    skip_locked_pool_for(*show);
    show->add_option("BUNDLE", *show_bundle, "bundle name")->required();
    set_help(show, "  0 ok   64 bad name   66 no such bundle\n",
             {{"What the lab bundle holds:", "certctl trust show lab"}, {"As JSON:", "certctl trust show lab --json"}});
    on_run(show, ctx, [&ctx, show_bundle] { show_command(ctx, *show_bundle); });

    struct ExportOptions {
        std::string bundle, out, format;
    };
    auto ex = std::make_shared<ExportOptions>();
    CLI::App* export_cmd = group->add_subcommand("export", "Write a bundle as PEM or PKCS#7 (.p7b)");
    skip_locked_pool_for(*export_cmd);
    export_cmd->add_option("BUNDLE", ex->bundle, "bundle name")->required();
    export_cmd->add_option("--out", ex->out, "file to write (default: stdout)");
    export_cmd->add_option("--format", ex->format, "pem or p7b (default: p7b when --out ends in .p7b, else pem); "
                                                   "p7b is DER in a file, PEM-armoured on stdout")
        ->check(CLI::IsMember({"pem", "p7b"}));
    set_help(
        export_cmd, "  0 written   66 no such bundle   73 cannot write the output\n",
        {{"PEM for an application's CA file:", "certctl trust export lab --out lab-ca.pem"},
         {"A .p7b that `openssl pkcs7 -inform DER -print_certs` reads:", "certctl trust export lab --out lab.p7b"}});
    on_run(export_cmd, ctx, [&ctx, ex] { export_command(ctx, ex->bundle, ex->out, ex->format); });

    register_trust_probe_command(*group, ctx);

    struct RemoveOptions {
        std::string bundle, cert;
    };
    auto rm = std::make_shared<RemoveOptions>();
    CLI::App* remove = group->add_subcommand("remove", "Remove a bundle, or one certificate from it");
    skip_locked_pool_for(*remove);
    remove->add_option("BUNDLE", rm->bundle, "bundle name")->required();
    remove
        ->add_option("--cert", rm->cert,
                     "only the certificate with this SHA-256 fingerprint, whole or a unique "
                     "prefix (the 16 digits `trust show` prints)")
        ->type_name("SHA256");
    set_help(remove,
             "  0 removed   64 bad name, not hex, or a prefix that several certificates share (they are\n"
             "  listed)   66 no such bundle or certificate   73 cannot write\n",
             {{"Drop the public roots again:", "certctl trust remove public"}});
    on_run(remove, ctx, [&ctx, rm] { remove_command(ctx, rm->bundle, rm->cert); });
}

}  // namespace certctl::cli
