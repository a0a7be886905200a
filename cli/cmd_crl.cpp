// cli/cmd_crl.cpp — certctl crl add|list|show|remove|refresh|import|lookup|master.
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/locked_pool.h"
#include "crl/master_list.h"
#include "crl/refresh_job.h"
#include "crl/source_json.h"
#include "crl/source_store.h"
#include "lib/certs/inventory.h"
#include "lib/core/atomic_file.h"
#include "lib/core/counted.h"
#include "lib/core/duration.h"
#include "lib/core/file_io.h"
#include "lib/core/name.h"
#include "lib/core/rfc3339.h"
#include "lib/trust/trust_store.h"

#include <fstream>
#include <iostream>

namespace certctl::cli {

namespace {
using storage::Store;

struct AddOptions {
    std::string name;
    std::string url;
    std::string issuer;
    std::string trust;
    std::string tls_bundle;
    std::string from_cert;
    std::string polling;
    std::string backoff;
};

void require_bundle(Context& ctx, storage::Database& db, const std::string& name, const std::string& flag) {
    if (!trust::TrustStore(db, ctx.clock).find(name)) {
        throw core::Error(core::Errc::not_found, "no such trust bundle", name, flag + " names no bundle in this store",
                          "see `certctl trust list`, or give a certificate file");
    }
}

void add_command(Context& ctx, const AddOptions& o) {
    core::check_name("CRL source", o.name);
    if (!o.url.empty() && !o.from_cert.empty()) {
        throw core::Error(core::Errc::usage, "cannot add CRL source", o.name,
                          "give either URL or --from-cert, not both");
    }
    if (o.url.empty() && o.from_cert.empty()) {
        throw core::Error(core::Errc::usage, "cannot add CRL source", o.name, "no URL given",
                          "give the CRL URL, or --from-cert CERT to use a stored certificate's distribution point");
    }
    if (!o.issuer.empty() && !o.trust.empty()) {
        throw core::Error(core::Errc::usage, "cannot add CRL source", o.name,
                          "give either --issuer or --trust, not both");
    }
    if (!o.url.empty()) {
        crl::check_source_url(o.url);
    }
    const core::Config& config = ctx.config();
    crl::Source s;
    s.name = o.name;
    s.polling_interval = (o.polling.empty() ? config.get_duration("crl.polling_interval")
                                            : core::parse_duration(o.polling, "--polling-interval")).count();
    s.backoff_interval = (o.backoff.empty() ? config.get_duration("crl.backoff_interval")
                                            : core::parse_duration(o.backoff, "--backoff-interval")).count();
    if (s.polling_interval <= 0 || s.backoff_interval <= 0) {
        throw core::Error(core::Errc::usage, "cannot add CRL source", o.name, "intervals must be longer than 0s");
    }
    std::error_code ec;
    const bool issuer_is_file = !o.issuer.empty() && std::filesystem::exists(o.issuer, ec);
    if (issuer_is_file) {
        s.issuer_pem = crl::read_issuer_file(o.issuer);
    }
    Store& store = ctx.store(Store::Access::write);
    storage::Database& db = store.db();
    if (!o.issuer.empty() && !issuer_is_file) {
        require_bundle(ctx, db, o.issuer, "--issuer (no such file either)");
        s.trust_bundle = o.issuer;
    }
    if (!o.trust.empty()) {
        require_bundle(ctx, db, o.trust, "--trust");
        s.trust_bundle = o.trust;
    }
    if (!o.tls_bundle.empty()) {
        require_bundle(ctx, db, o.tls_bundle, "--tls-bundle");
        s.tls_bundle = o.tls_bundle;
    }
    s.url = o.url.empty() ? crl::url_from_certificate(db, o.from_cert) : o.url;
    const std::string now = core::format_rfc3339(ctx.clock.now());
    s.created = now;
    s.next_attempt = now;  // due at once: the next `crl refresh` fetches it
    db.transaction([&] { crl::SourceStore(db).add(s); });
    ctx.out.verbose("added CRL source " + s.name + " -> " + s.url);
}

void list_command(Context& ctx) {
    Store& store = ctx.store(Store::Access::read);
    const auto now = ctx.clock.now();
    nlohmann::json doc = nlohmann::json::array();
    std::vector<std::vector<std::string>> rows;
    for (const crl::Source& s : crl::SourceStore(store.db()).list()) {
        doc.push_back(crl::source_json(s, now));
        rows.push_back({s.name, crl::state_of(s, now), s.entries ? std::to_string(*s.entries) : "-",
                        s.next_update.value_or("-"), s.last_success.value_or("never"), s.next_attempt,
                        std::to_string(s.consecutive_failures), s.url});
    }
    ctx.out.table(nlohmann::json{{"sources", doc}},
                  {"NAME", "STATE", "ENTRIES", "NEXT UPDATE", "LAST SUCCESS", "NEXT ATTEMPT", "FAILURES", "URL"}, rows);
}

void show_command(Context& ctx, const std::string& name, bool entries) {
    Store& store = ctx.store(Store::Access::read);
    const crl::Source s = crl::SourceStore(store.db()).get(name);
    nlohmann::json doc = crl::source_json(s, ctx.clock.now());
    std::vector<std::pair<std::string, std::string>> rows;
    for (const auto& [k, v] : doc.items()) {
        rows.emplace_back(k, v.is_string() ? v.get<std::string>() : v.dump());
    }
    if (!entries) {
        ctx.out.fields(doc, rows);
        return;
    }
    const crl::MasterList master(store.paths());
    std::int64_t index = -1;
    for (std::size_t i = 0; i < master.sources().size(); ++i) {
        index = master.sources()[i].name == name ? static_cast<std::int64_t>(i) : index;
    }
    doc["revoked"] = nlohmann::json::array();
    if (index >= 0) {
        master.for_each_of(static_cast<std::uint16_t>(index), [&](const crl::Entry& e) {
            doc["revoked"].push_back({{"serial", crl::serial_hex(e)},
                                      {"revocation_date", core::format_rfc3339(core::from_unix(e.revoked_at))},
                                      {"reason", crl::reason_name(e.reason)}});
        });
    }
    ctx.out.result(doc, [&](TextOut& os) {
        for (const auto& [k, v] : rows) {
            os << k << ": " << v << "\n";
        }
        os << "revoked:\n";
        for (const auto& r : doc["revoked"]) {
            os << "  " << r["serial"].get<std::string>() << "  " << r["revocation_date"].get<std::string>() << "  "
               << r["reason"].get<std::string>() << "\n";
        }
    });
}

void remove_command(Context& ctx, const std::string& name) {
    Store& store = ctx.store(Store::Access::write);
    crl::RefreshJob(store, ctx.clock).remove_source(name);
}

nlohmann::json result_json(const crl::SourceResult& r) {
    return {{"name", r.name},
            {"url", r.url},
            {"status", crl::status_name(r.status)},
            {"stale", r.stale},
            {"error", r.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.error)},
            {"size", r.size},
            {"entries", r.entries},
            {"added_entries", r.added},
            {"removed_entries", r.removed},
            {"next_attempt", core::format_rfc3339(r.next_attempt)}};
}

void refresh_command(Context& ctx, const std::vector<std::string>& names, bool force) {
    for (const std::string& n : names) {
        core::check_name("CRL source", n);
    }
    Store& store = ctx.store(Store::Access::write);
    const crl::RefreshReport report = crl::RefreshJob(store, ctx.clock).run(names, force);
    nlohmann::json doc = {{"sources", nlohmann::json::array()},
                          {"next_due", report.next_due ? nlohmann::json(core::format_rfc3339(*report.next_due))
                                                       : nlohmann::json(nullptr)}};
    std::size_t failed = 0;
    for (const crl::SourceResult& r : report.results) {
        doc["sources"].push_back(result_json(r));
        if (r.status == crl::SourceResult::Status::failed) {
            ++failed;
            ctx.out.warning("CRL source " + r.name + ": " + r.error + " (last good CRL kept)");
        } else if (r.stale) {
            ctx.out.warning("CRL source " + r.name + ": the CRL in use is past its nextUpdate");
        } else {
            ctx.out.verbose("CRL source " + r.name + ": " + crl::status_name(r.status));
        }
    }
    if (ctx.out.json()) {
        ctx.out.result(doc, [](TextOut&) {});
        ctx.exit_code = failed ? k_exit_unavailable : k_exit_ok;
        return;
    }
    if (failed) {
        throw core::Error(core::Errc::unavailable, "CRL refresh failed", std::to_string(failed) + " of " +
                          core::counted(report.results.size(), "source"),
                          "their last good CRLs are kept and their alarms stay up",
                          "see `certctl crl list` and `certctl alarm list`; the next run retries after the backoff");
    }
}

void import_command(Context& ctx, const std::string& name, const std::string& file) {
    core::check_name("CRL source", name);
    Store& store = ctx.store(Store::Access::write);
    const crl::SourceResult r = crl::RefreshJob(store, ctx.clock).import_file(name, file);
    if (r.status == crl::SourceResult::Status::failed) {
        throw core::Error(core::Errc::bad_input, "cannot import CRL", file, r.error,
                          "check that the file is the CRL of this source's issuer, and newer than the last good one");
    }
    if (r.stale) {
        ctx.out.warning("CRL source " + name + ": the imported CRL is past its nextUpdate");
    }
    ctx.out.result(result_json(r), [&](TextOut&) {});
}

// No database and no configuration: the mapped index answers alone, in well under 10 ms.
void lookup_command(Context& ctx, const std::string& serial_text, const std::string& issuer) {
    crl::Entry key{};
    crl::parse_serial(serial_text, key);
    const core::StorePaths paths = ctx.paths();
    if (!ctx.has_store()) {
        throw core::Error(core::Errc::not_found, "no store", paths.root().string(), "nothing has been set up here",
                          "run `certctl init` and add CRL sources with `certctl crl add`");
    }
    const crl::MasterList master(paths);
    if (!issuer.empty()) {
        core::check_name("CRL source", issuer);
        bool known = false;
        for (const auto& s : master.sources()) {
            known = known || s.name == issuer;
        }
        if (!known) {
            crl::SourceStore(ctx.store(Store::Access::read).db()).get(issuer);  // 66 when unknown
        }
    }
    nlohmann::json matches = nlohmann::json::array();
    for (const crl::Match& m : master.find(key)) {
        if (!issuer.empty() && m.source->name != issuer) {
            continue;
        }
        matches.push_back({{"source", m.source->name},
                           {"issuer", m.source->issuer_dn},
                           {"revocation_date", core::format_rfc3339(core::from_unix(m.entry.revoked_at))},
                           {"reason", crl::reason_name(m.entry.reason)}});
    }
    const bool revoked = !matches.empty();
    const nlohmann::json doc = {{"serial", crl::serial_hex(key)}, {"revoked", revoked}, {"matches", matches},
                                {"master_entries", master.size()}, {"sources", master.sources().size()}};
    ctx.out.result(doc, [&](TextOut& os) {
        if (!revoked) {
            os << "not revoked: " << crl::serial_hex(key) << " (" << core::counted(master.size(), "entry", "entries")
               << " from " << core::counted(master.sources().size(), "source") << ")\n";
        }
        for (const auto& m : matches) {
            os << "revoked: " << crl::serial_hex(key) << " by " << m["source"].get<std::string>() << " ("
               << m["issuer"].get<std::string>() << ") on " << m["revocation_date"].get<std::string>() << ", "
               << m["reason"].get<std::string>() << "\n";
        }
    });
    ctx.exit_code = revoked ? k_exit_no : k_exit_ok;
}

void master_command(Context& ctx, const std::string& out_file) {
    Store& store = ctx.store(Store::Access::read);
    const crl::MasterList master(store.paths());
    if (ctx.out.json()) {
        nlohmann::json doc = {{"total_entries", master.size()}, {"sources", nlohmann::json::array()},
                              {"entries", nlohmann::json::array()}};
        for (const auto& s : master.sources()) {
            doc["sources"].push_back({{"name", s.name}, {"issuer", s.issuer_dn}, {"entries", s.entries}});
        }
        master.for_each([&](const crl::Entry& e) {
            doc["entries"].push_back({{"source", master.sources()[e.source].name},
                                      {"serial", crl::serial_hex(e)},
                                      {"revocation_date", core::format_rfc3339(core::from_unix(e.revoked_at))},
                                      {"reason", crl::reason_name(e.reason)}});
        });
        ctx.out.result(doc, [](TextOut&) {});
        return;
    }
    const auto csv = crl::master_csv_path(store.paths());
    std::error_code ec;
    // crl.master_list = on-demand publishes per-source indexes only: the text is merged from them, the same bytes.
    const bool rendered = master.present() && !std::filesystem::exists(csv, ec);
    if (!out_file.empty()) {
        if (rendered) {
            core::AtomicFile out(out_file, 0644);
            crl::render_master_csv(master, [&](std::string_view piece) { out.write(piece.data(), piece.size()); });
            out.commit();
            return;
        }
        if (!std::filesystem::exists(csv, ec)) {
            core::write_file_atomic(out_file, "source,serial,revocation_date,reason\n", 0644);
            return;
        }
        std::filesystem::copy_file(csv, out_file, std::filesystem::copy_options::overwrite_existing, ec);
        if (ec) {
            throw core::Error(core::Errc::cannot_write, "cannot write master list", out_file, ec.message());
        }
        return;
    }
    if (rendered) {
        crl::render_master_csv(master, [&](std::string_view piece) { ctx.out.raw(piece); });
        return;
    }
    if (!std::filesystem::exists(csv, ec)) {
        ctx.out.raw("source,serial,revocation_date,reason\n");
        return;
    }
    std::ifstream in(csv, std::ios::binary);
    ctx.out.raw(in);
}
}  // namespace

// Long by design: the group's command tree as declarations only (each subcommand's options, help text,
// exit codes and examples, then its handler above), one block a subcommand in --help's order.
void register_crl_commands(CLI::App& app, Context& ctx) {
    CLI::App* group = app.add_subcommand("crl", "CRL sources, refresh, and the master list of revoked certificates");
    skip_locked_pool_for(*group);  // no crl command holds a private key

    auto add_opts = std::make_shared<AddOptions>();
    CLI::App* add =
        group->add_subcommand("add", "Add a CRL source (http, https or file); it is fetched by the next refresh");
    add->add_option("NAME", add_opts->name, "source name")->required();
    add->add_option("URL", add_opts->url, "http://, https:// or file:///PATH of the CRL");
    add->add_option("--issuer", add_opts->issuer,
                    "certificate file (PEM/DER) of the CA that signs the CRL, or a trust bundle name");
    add->add_option("--trust", add_opts->trust, "trust bundle whose certificates may sign the CRL");
    add->add_option("--tls-bundle", add_opts->tls_bundle,
                    "https: trust bundle for the server's certificate (default: crl.ca_file or the system CAs)");
    add->add_option("--from-cert", add_opts->from_cert, "use the CRL distribution point of this stored certificate");
    add->add_option("--polling-interval,--interval", add_opts->polling,
                    "time between fetches after a success (default: crl.polling_interval, 24h)");
    add->add_option("--backoff-interval,--backoff", add_opts->backoff,
                    "wait before retrying after a failure (default: crl.backoff_interval, 60s)");
    set_help(add,
             "  0 added   64 bad name, URL or interval; name taken   65 issuer file is not a CRL-signing CA\n"
             "  66 no such issuer bundle or certificate   73 cannot write the store\n",
             {{"A CRL that the lab CA (ca.pem) publishes as a file, checked hourly:",
               "certctl crl add lab file://$PWD/lab.crl --issuer ca.pem --polling-interval 1h"},
              {"A CA's CRL over http, retried every 5 minutes after a failure:",
               "certctl crl add example-ca http://crl.example.net/ca.crl --issuer ca.pem --backoff-interval 5m"}});
    on_run(add, ctx, [&ctx, add_opts] { add_command(ctx, *add_opts); });

    CLI::App* list = group->add_subcommand("list", "CRL sources with their state, freshness and schedule");
    set_help(list, "  0 ok   66 no store yet\n",
             {{"Every source:", "certctl crl list"}, {"For a script:", "certctl crl list --json"}});
    on_run(list, ctx, [&ctx] { list_command(ctx); });

    auto show_name = std::make_shared<std::string>();
    auto show_entries = std::make_shared<bool>(false);
    CLI::App* show = group->add_subcommand("show", "One source: URL, issuer, last fetch, this/next update, failures");
    show->add_option("NAME", *show_name, "source name")->required();
    show->add_flag("--entries", *show_entries, "also list the revoked certificates of its last good CRL");
    set_help(show, "  0 ok   66 no such source\n", {{"The lab source:", "certctl crl show lab"}});
    on_run(show, ctx, [&ctx, show_name, show_entries] { show_command(ctx, *show_name, *show_entries); });

    auto imp_name = std::make_shared<std::string>();
    auto imp_file = std::make_shared<std::string>();
    CLI::App* imp = group->add_subcommand("import", "Take a CRL from a file for a source, verified as if fetched");
    imp->add_option("NAME", *imp_name, "source name")->required();
    imp->add_option("FILE", *imp_file, "the CRL, DER or PEM")->required();
    set_help(
        imp,
        "  0 imported   65 not a CRL, bad signature, rollback, not yet valid or expired   66 no such source or file\n"
        "  73 cannot write   75 a refresh is running\n",
        {{"A CRL that arrived by other means (lab.crl, once the lab CA has written one; 66 until then):",
          "certctl crl import lab lab.crl || test $? -eq 66"}});
    on_run(imp, ctx, [&ctx, imp_name, imp_file] { import_command(ctx, *imp_name, *imp_file); });

    auto serial = std::make_shared<std::string>();
    auto lookup_issuer = std::make_shared<std::string>();
    CLI::App* lookup = group->add_subcommand("lookup", "Is this serial revoked? Answers from the master list index");
    lookup->add_option("SERIAL", *serial, "certificate serial in hex (0a1b2c or 0a:1b:2c)")->required();
    lookup->add_option("--issuer", *lookup_issuer, "only this CRL source");
    set_help(lookup, "  0 not revoked   1 revoked (reason and date printed)   64 bad serial   66 no store or source\n",
             {{"Look up a serial in every source:", "certctl crl lookup 01"},
              {"Only in the lab CA's CRL, as JSON:", "certctl crl lookup 0a:1b:2c --issuer lab --json"}});
    on_run(lookup, ctx, [&ctx, serial, lookup_issuer] { lookup_command(ctx, *serial, *lookup_issuer); });

    auto master_out = std::make_shared<std::string>();
    CLI::App* master = group->add_subcommand(
        "master", "Print or write the master list of revoked certificates (CSV; merged from the per-source "
                  "indexes when crl.master_list = on-demand)");
    master->add_option("--out", *master_out, "write the list to this file instead of stdout");
    set_help(master, "  0 ok   66 no store yet   73 cannot write --out\n",
             {{"The merged list, as published in <store>/crl/master.csv:", "certctl crl master"},
              {"Write it for the routers where master.csv is not published (crl.master_list = on-demand):",
               "certctl crl master --out revoked.csv"},
              {"Sources and entries as JSON:", "certctl crl master --json"}});
    on_run(master, ctx, [&ctx, master_out] { master_command(ctx, *master_out); });

    auto rm_name = std::make_shared<std::string>();
    CLI::App* rm = group->add_subcommand("remove", "Remove a source, its last good CRL and its master list entries");
    rm->add_option("NAME", *rm_name, "source name")->required();
    set_help(rm, "  0 removed   66 no such source   73 cannot write   75 a refresh is running\n",
             {{"Stop using the example CA's CRL:", "certctl crl remove example-ca"},
              {"And the lab one:", "certctl crl remove lab"}});
    on_run(rm, ctx, [&ctx, rm_name] { remove_command(ctx, *rm_name); });
    auto names = std::make_shared<std::vector<std::string>>();
    auto force = std::make_shared<bool>(false);
    CLI::App* refresh = group->add_subcommand("refresh", "Fetch every due source, verify, publish (for cron)");
    refresh->add_option("NAME", *names, "only these sources");
    refresh->add_flag("--force", *force, "fetch even when not due (still conditional: an unchanged CRL answers 304)");
    set_help(
        refresh,
        "  0 every due source updated or unchanged   64 bad name   66 no such source\n"
        "  69 a source failed (last good CRL kept, alarm raised)   73 cannot write   75 another refresh is running\n",
        {{"What cron runs: every source that is due (quiet when all went well):", "certctl crl refresh"},
         {"Refetch everything now, whether due or not, and report as JSON:", "certctl crl refresh --force --json"}});
    on_run(refresh, ctx, [&ctx, names, force] { refresh_command(ctx, *names, *force); });

}

}  // namespace certctl::cli
