// cli/cmd_cert.cpp — certctl cert import|track|list|show|export|remove (verify: cli/cmd_cert_verify.cpp).
#include "cli/cmd_cert_lifecycle.h"
#include "cli/cmd_cert_verify.h"
#include "cli/cmd_key_output.h"
#include "cli/commands.h"
#include "lib/audit/alarm_store.h"
#include "lib/certs/cert_json.h"
#include "lib/core/json_text.h"
#include "lib/core/keep_until_exit.h"
#include "lib/certs/cert_parser.h"
#include "lib/certs/cert_summary.h"
#include "lib/certs/importer.h"
#include "lib/certs/inventory.h"
#include "lib/certs/lifecycle_store.h"
#include "lib/certs/profile.h"
#include "lib/certs/purpose.h"
#include "lib/core/atomic_file.h"
#include "lib/core/duration.h"
#include "lib/core/error.h"
#include "lib/core/file_io.h"
#include "lib/core/name.h"
#include "lib/core/rfc3339.h"
#include "lib/trust/trust_store.h"
#include "policies/renewal_status.h"
#include "policies/evaluate.h"

#include <botan/hash.h>
#include <botan/hex.h>
#include <iostream>
#include <map>

namespace certctl::cli {

namespace {
struct ImportOptions {
    std::string name, file, chain, trust, mode, purpose = "any", policy, action;  // policy empty: config policy.default
    std::string profile;                                                          // empty: config validation.profile
};

void add_policy_options(CLI::App* cmd, ImportOptions& o) {
    cmd->add_option("--purpose", o.purpose, "what the certificate is for: any, tls-server, tls-client, peer, id-cert, "
                                            "code-signing, ca (checked against key usage, EKU, basic constraints)")
        ->capture_default_str()->check(CLI::IsMember(certs::purpose_names()));
    cmd->add_option("--policy", o.policy, "when it turns critical: fail-soft (notify) or fail-hard (notify, take "
                                          "out of service, run --action); default: config policy.default")
        ->check(CLI::IsMember({"fail-soft", "fail-hard"}));
    cmd->add_option("--action", o.action, "command a fail-hard policy runs once");
    cmd->add_option("--profile", o.profile,
                    "rules of the path check to --trust: rfc5280, or webpki (adds the CA/Browser Forum TLS rules); "
                    "default: config validation.profile, rfc5280")
        ->check(CLI::IsMember(certs::profile_names()));
}

void import_command(Context& ctx, const ImportOptions& o, bool track) {
    storage::Store& store = ctx.store(storage::Store::Access::write);
    certs::ImportRequest req;
    req.name = o.name;
    req.file = o.file;
    req.chain_file = o.chain;
    req.trust_bundle = o.trust;
    req.mode = certs::parse_validation_mode(o.mode.empty() ? ctx.config().get("validation.mode") : o.mode);
    req.purpose = o.purpose;
    req.profile = certs::parse_profile(o.profile.empty() ? ctx.config().get("validation.profile") : o.profile);
    req.policy = o.policy.empty() ? ctx.config().get("policy.default") : o.policy;
    req.action = o.action;
    req.track = track;
    trust::TrustStore bundles(store.db(), ctx.clock);
    certs::Importer importer(store.db(), ctx.clock, store_revocation_lookup(ctx),
                             [&bundles](const std::string& b) { return bundles.anchors(b); });
    const certs::ImportResult r = importer.import(req);
    for (const std::string& w : r.warnings) {
        ctx.out.warning(o.name + ": " + w + (track ? " (tracked anyway)" : " (imported: warn mode)"));
    }
    for (const std::string& n : r.notes) {
        ctx.out.verbose(o.name + ": " + n);
    }
    if (!track) {
        after_change(ctx, o.name);
    }
}

std::optional<Botan::X509_Certificate> load(const certs::CertRecord& r, std::string& problem) {
    try {
        if (r.source == "tracked") {
            return certs::parse_certificates(core::read_file(r.path, "tracked certificate file"), r.path).front();
        }
        return Botan::X509_Certificate(r.der);
    } catch (const core::Error& e) {
        problem = e.what();
    } catch (const std::exception& e) {
        problem = e.what();
    }
    return std::nullopt;
}

// The severity of the certificate's active alarm, or "". A store that cannot be read is an error, not "no alarm".
std::string active_alarm(Context& ctx, const std::string& name) {
    audit::AlarmStore alarms(ctx.store(storage::Store::Access::read).db(), ctx.clock);
    if (const auto a = alarms.active("certificate", name)) {
        return audit::severity_name(a->severity);
    }
    return {};
}

// Every certificate's active alarm severity by name, in one query (a listing asks for all of them).
std::map<std::string, std::string> active_alarms(Context& ctx) {
    std::map<std::string, std::string> out;
    for (const audit::Alarm& a : audit::AlarmStore(ctx.store(storage::Store::Access::read).db(), ctx.clock).list(false)) {
        if (a.kind == "certificate") {
            out.emplace(a.subject, audit::severity_name(a.severity));
        }
    }
    return out;
}

// When `watch` renews a certificate: those of local CAs only (null otherwise, or with renewal.auto off). The
// settings are read once for a whole listing.
class RenewAt final {
public:
    explicit RenewAt(const core::Config& config)
        : m_on(config.get("renewal.auto") == "on"),
          m_before(config.get_duration("renewal.renew_before")),
          m_major(policies::thresholds_from(config).major) {}
    std::optional<core::TimePoint> operator()(const certs::CertRecord& r) const {
        if (!m_on || r.source != "issued" || r.not_before.empty() || r.not_after.empty()) {
            return std::nullopt;
        }
        return policies::renewal_time(core::parse_time(r.not_before), core::parse_time(r.not_after), m_before,
                                      m_major);
    }

private:
    bool m_on;
    core::Seconds m_before;
    core::Seconds m_major;
};

// Builds only what is printed: the JSON text with --json (written straight, as record_json's dump(2) would
// be: the nlohmann tree of 100,000 rows took three times as long as the rest of the listing), the table's
// rows without.
void list_command(Context& ctx) {
    storage::Database& db = ctx.store(storage::Store::Access::read).db();
    const core::TimePoint now = ctx.clock.now();
    const policies::RenewalStatusReader renewals(db, ctx.config());
    const std::map<std::string, std::string> alarms = active_alarms(ctx);
    const RenewAt renew_at(ctx.config());
    const bool json = ctx.out.json();
    std::vector<certs::CertRecord> records = certs::Inventory(db).list_fields();
    core::JsonText text;
    std::vector<std::vector<std::string>> rows;
    if (json) {
        text.out.reserve(128 + records.size() * 1024);
        text.open('{');
        text.key("certificates");
        text.open('[');
    }
    for (const auto& r : records) {
        const std::string days = certs::days_left(r.not_after, now);
        const auto found = alarms.find(r.name);
        const std::string& alarm = found == alarms.end() ? std::string() : found->second;
        const auto renewal = renewals.of(r.name, r.source, r.not_before, r.not_after, now);
        if (json) {
            text.item();
            certs::record_json_text(text, r, days, alarm, [&](core::JsonText& p) {
                p.key("renew_at");
                const auto at = renew_at(r);
                at ? p.time(*at) : p.null();
                p.key("renewal");
                policies::renewal_json_text(p, renewal);
            });
        } else {
            rows.push_back({r.name, r.serial, r.not_after, days, r.state, alarm.empty() ? "-" : alarm, r.source,
                            policies::renewal_phrase(renewal)});
        }
    }
    if (json) {
        text.close(']');
        text.close('}');
        text.out += '\n';
        ctx.out.raw(text.out);
    } else {
        ctx.out.table(nullptr, {"NAME", "SERIAL", "NOT AFTER", "DAYS", "STATE", "ALARM", "SOURCE", "RENEWAL"}, rows);
    }
    core::keep_until_exit(std::move(records));  // freeing 100,000 rows one by one was a tenth of the listing
    core::keep_until_exit(std::move(rows));
}

certs::CertRecord require(Context& ctx, const std::string& name) {
    core::check_name("certificate", name);
    certs::Inventory inventory(ctx.store(storage::Store::Access::read).db());
    if (auto r = inventory.find(name)) {
        return *r;
    }
    throw core::Error(core::Errc::not_found, "no such certificate", name, "not in the inventory",
                      "see `certctl cert list`");
}

std::string hash_hex(const std::string& algo, const std::vector<std::uint8_t>& der) {
    return Botan::hex_encode(Botan::HashFunction::create_or_throw(algo)->process(der), false);
}

using FieldRows = std::vector<std::pair<std::string, std::string>>;

// The certificate's summary, as JSON into `doc` and as rows.
void add_summary(const certs::CertSummary& s, const std::string& days, nlohmann::json& doc, FieldRows& rows) {
    doc["certificate"] = certs::to_json(s);
    rows.insert(
        rows.end(),
        {{"subject", s.subject},
         {"issuer", s.issuer},
         {"serial", s.serial},
         {"not before", s.not_before},
         {"not after", s.not_after + " (" + days + " days)"},
         {"sha256", s.fingerprint},
         {"public key", s.public_key},
         {"signature", s.signature_algorithm},
         {"key usage", join(s.key_usage, ", ")},
         {"extended key usage", join(s.extended_key_usage, ", ")},
         {"CA",
          s.is_ca ? "yes" + (s.path_len ? " (path length " + std::to_string(*s.path_len) + ")" : std::string()) : "no"},
         {"subject alt names", join(s.subject_alt_names, ", ")},
         {"CRL URLs", join(s.crl_urls, ", ")}});
}

// --detail: other digests, the key identifiers and the stored chain.
void add_detail(const certs::CertRecord& r, const Botan::X509_Certificate& cert, const certs::CertSummary& s,
                nlohmann::json& doc, FieldRows& rows) {
    const auto der = cert.BER_encode();
    doc["certificate"]["sha1"] = hash_hex("SHA-1", der);
    doc["certificate"]["md5"] = hash_hex("MD5", der);
    doc["certificate"]["subject_key_id"] = Botan::hex_encode(cert.subject_key_id(), false);
    doc["certificate"]["authority_key_id"] = Botan::hex_encode(cert.authority_key_id(), false);
    doc["certificate"]["public_key_sha256"] = s.public_key_sha256;
    rows.insert(rows.end(), {{"sha1", doc["certificate"]["sha1"]},
                             {"md5", doc["certificate"]["md5"]},
                             {"subject key id", doc["certificate"]["subject_key_id"]},
                             {"authority key id", doc["certificate"]["authority_key_id"]},
                             {"public key sha256", s.public_key_sha256}});
    nlohmann::json chain = nlohmann::json::array();
    if (!r.chain_pem.empty()) {
        for (const auto& c : certs::parse_certificates(r.chain_pem, r.name + " (stored chain)")) {
            const certs::CertSummary cs = certs::summarize(c);
            chain.push_back(certs::to_json(cs));
            rows.emplace_back("chain", cs.subject + " (not after " + cs.not_after + ")");
        }
    }
    doc["chain"] = chain;
}

// Certificates this one replaced (renewals, replacements), newest first.
void add_history(Context& ctx, const std::string& name, nlohmann::json& doc, FieldRows& rows) {
    nlohmann::json history = nlohmann::json::array();
    for (const certs::HistoryEntry& h : certs::Inventory(ctx.store(storage::Store::Access::read).db()).history(name)) {
        history.push_back({{"serial", h.serial},
                           {"fingerprint", h.fingerprint},
                           {"subject", h.subject},
                           {"not_before", h.not_before},
                           {"not_after", h.not_after},
                           {"replaced", h.replaced},
                           {"replaced_by", h.replaced_by},
                           {"event", h.event}});
        rows.emplace_back("history", h.serial + " (not after " + h.not_after + ", " + h.event + " " + h.replaced + ")");
    }
    doc["history"] = history;
}

void show_command(Context& ctx, const std::string& name, bool detail, bool pem) {
    const certs::CertRecord r = require(ctx, name);
    std::string problem;
    const auto cert = load(r, problem);
    if (pem) {
        if (!cert) {
            throw core::Error(core::Errc::not_found, "cannot read certificate", r.path, problem);
        }
        pem_result(ctx.out, {{"name", r.name}}, cert->PEM_encode(), "");
        return;
    }
    const std::string days = certs::days_left(r.not_after, ctx.clock.now());
    const std::string alarm = active_alarm(ctx, name);
    nlohmann::json doc = certs::record_json(r, days, alarm);
    const auto renew_at = RenewAt(ctx.config())(r);
    doc["renew_at"] = renew_at ? nlohmann::json(core::format_rfc3339(*renew_at)) : nlohmann::json(nullptr);
    doc["renewal"] = policies::renewal_json(policies::RenewalStatusReader(ctx.store(storage::Store::Access::read).db(),
                                                                          ctx.config())
                                                .of(r.name, r.source, r.not_before, r.not_after, ctx.clock.now()));
    FieldRows rows = {{"name", r.name},
                      {"source", r.source + (r.path.empty() ? "" : " " + r.path)},
                      {"state", r.state},
                      {"purpose", r.purpose},
                      {"policy", r.policy + (r.action.empty() ? "" : " (action: " + r.action + ")")}};
    if (cert) {
        const certs::CertSummary s = certs::summarize(*cert);
        add_summary(s, days, doc, rows);
        if (detail) {
            add_detail(r, *cert, s, doc, rows);
        }
    } else {
        doc["certificate"] = nullptr;
        doc["problem"] = problem;
        rows.emplace_back("problem", problem);
    }
    add_history(ctx, name, doc, rows);
    if (!doc["renew_at"].is_null()) {
        rows.emplace_back("renew at", doc["renew_at"].get<std::string>() + " (watch)");
    }
    rows.insert(rows.end(), {{"key", r.key_name.empty() ? "-" : r.key_name},
                             {"trust bundle", r.trust_bundle.empty() ? "-" : r.trust_bundle},
                             {"validation mode", r.validation_mode}, {"warnings", join(r.warnings, "; ")},
                             {"imported", r.imported}, {"alarm", alarm.empty() ? "-" : alarm}});
    ctx.out.fields(doc, rows);
}

void export_command(Context& ctx, const std::string& name, bool chain, const std::string& out) {
    const certs::CertRecord r = require(ctx, name);
    std::string problem;
    const auto cert = load(r, problem);
    if (!cert) {
        throw core::Error(core::Errc::not_found, "cannot read certificate", r.path.empty() ? name : r.path, problem);
    }
    std::string pem = cert->PEM_encode();
    if (chain) {
        pem += r.chain_pem;
    }
    pem_result(ctx.out, {{"name", name}, {"chain", chain}}, pem, out);
}

void remove_command(Context& ctx, const std::string& name) {
    core::check_name("certificate", name);
    storage::Store& store = ctx.store(storage::Store::Access::write);
    store.db().transaction([&] {
        certs::Inventory(store.db()).remove(name);
        certs::LifecycleStore(store.db()).forget(name);
    });
}
}  // namespace

// Long by design: the group's command tree as declarations only (each subcommand's options, help text,
// exit codes and examples, then its handler above), one block a subcommand in --help's order.
void register_cert_commands(CLI::App& app, Context& ctx) {
    CLI::App* group = app.add_subcommand("cert", "Certificates: import, track, inspect, export, verify, remove");

    auto imp = std::make_shared<ImportOptions>();
    CLI::App* import = group->add_subcommand("import", "Import a certificate after checking it");
    import->add_option("NAME", imp->name, "name in the store (a key of the same name must match)")->required();
    import->add_option("FILE", imp->file, "PEM, DER or PKCS#7; never a file that carries a private key")->required();
    import->add_option("--chain", imp->chain, "intermediate certificates (PEM, DER or PKCS#7)");
    import->add_option("--trust", imp->trust, "trust bundle the chain must lead to");
    import->add_option("--validation-mode", imp->mode, "strict: refuse on any finding; warn: import and print each "
                                                       "(default: validation.mode, strict)")
        ->check(CLI::IsMember(certs::validation_mode_names()));
    add_policy_options(import, *imp);
    set_help(
        import,
        "  0 imported (warn mode: warnings on stderr)   64 bad name, existing name, bad option\n"
        "  65 private key in the file, unparsable, key mismatch, or validation failed in strict mode\n"
        "  66 file or bundle not found   73 cannot write the store   75 store busy\n"
        "Checks, in order: private key in the file; parse; dates, roles and chain to --trust;\n"
        "revocation; the key called NAME must match. Every refusal is audited and counted.\n",
        {{"The web server's certificate the lab CA signed for key web01 (the key must match):",
          "certctl cert import web01 web01.pem --trust lab --purpose tls-server"},
         {"The lab CA certificate itself, as a CA:", "certctl cert import lab-ca ca.pem --trust lab --purpose ca"}});
    on_run(import, ctx, [&ctx, imp] { import_command(ctx, *imp, false); });

    auto trk = std::make_shared<ImportOptions>();
    CLI::App* track = group->add_subcommand("track", "Watch a certificate file that lives elsewhere");
    track->add_option("NAME", trk->name, "name in the store")->required();
    track->add_option("PATH", trk->file, "the certificate file (read on every check; missing raises an alarm)")
        ->required();
    add_policy_options(track, *trk);
    set_help(track,
             "  0 tracked (findings printed as warnings)   64 bad or existing name   65 unparsable, private key,\n"
             "  key mismatch   66 file not found   73 cannot write the store\n",
             {{"Watch the web server's file in place, taking it out of service when it turns critical:",
               "certctl cert track web01-file web01.pem --purpose tls-server --policy fail-hard"}});
    on_run(track, ctx, [&ctx, trk] { import_command(ctx, *trk, true); });

    CLI::App* list = group->add_subcommand("list", "The inventory: expiry, days left, state, alarm, renewal");
    set_help(
        list, "  0 ok   65 damaged store   66 no store yet   75 store busy\n",
        {{"Everything certctl holds or watches:", "certctl cert list"}, {"For a script:", "certctl cert list --json"}});
    on_run(list, ctx, [&ctx] { list_command(ctx); });

    struct ShowOptions {
        std::string name;
        bool detail = false, pem = false;
    };
    auto sh = std::make_shared<ShowOptions>();
    CLI::App* show = group->add_subcommand("show", "One certificate: fields, extensions, state");
    show->add_option("NAME", sh->name, "certificate name")->required();
    show->add_flag("--detail", sh->detail, "also SHA-1/MD5 fingerprints, key identifiers and the stored chain");
    show->add_flag("--pem", sh->pem, "print the certificate as PEM instead (--json: {name, pem, path})");
    set_help(show, "  0 ok   64 bad name   66 no such certificate\n",
             {{"Everything about it:", "certctl cert show web01 --detail"},
              {"Just the PEM:", "certctl cert show web01 --pem"}});
    on_run(show, ctx, [&ctx, sh] { show_command(ctx, sh->name, sh->detail, sh->pem); });

    struct ExportOptions {
        std::string name, out;
        bool chain = false;
    };
    auto ex = std::make_shared<ExportOptions>();
    CLI::App* export_cmd = group->add_subcommand("export", "Write a certificate (and its chain) as PEM");
    export_cmd->add_option("NAME", ex->name, "certificate name")->required();
    export_cmd->add_flag("--chain", ex->chain, "append the chain given at import");
    export_cmd->add_option("--out", ex->out, "file to write (default: stdout; --json: {name, chain, pem, path})");
    set_help(export_cmd, "  0 written   64 bad name   66 no such certificate   73 cannot write the output\n",
             {{"For a web server's configuration:", "certctl cert export web01 --chain --out web01-fullchain.pem"}});
    on_run(export_cmd, ctx, [&ctx, ex] { export_command(ctx, ex->name, ex->chain, ex->out); });

    register_cert_verify_command(*group, ctx);
    register_cert_renew_command(*group, ctx);
    register_cert_hook_commands(*group, ctx);

    auto rm = std::make_shared<std::string>();
    CLI::App* remove = group->add_subcommand("remove", "Remove a certificate from the inventory");
    remove->add_option("NAME", *rm, "certificate name")->required();
    set_help(remove, "  0 removed   64 bad name   66 no such certificate   73 cannot write the store\n",
             {{"Stop watching the file:", "certctl cert remove web01-file"}});
    on_run(remove, ctx, [&ctx, rm] { remove_command(ctx, *rm); });
}

}  // namespace certctl::cli
