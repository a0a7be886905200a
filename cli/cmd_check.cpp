// cli/cmd_check.cpp — certctl check: evaluate certificates and exit with the worst severity.
#include "cli/check_exit_codes.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/locked_pool.h"
#include "lib/ca/parallel.h"
#include "lib/certs/target.h"
#include "lib/core/duration.h"
#include "lib/core/error.h"
#include "lib/core/keep_until_exit.h"
#include "lib/core/name.h"
#include "lib/core/printable.h"
#include "lib/core/rfc3339.h"
#include "lib/exchange/sync_cadence.h"
#include "policies/check_json_text.h"
#include "policies/check_render.h"
#include "policies/crl_seam.h"
#include "policies/role_check.h"
#include "service/monitor.h"

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <iostream>
#include <optional>

namespace certctl::cli {

namespace {
struct CheckOptions {
    std::vector<std::string> targets;
    std::string at;
    std::string minor;
    std::string major;
    std::string format = "text";
};

policies::Thresholds thresholds_for(Context& ctx, const CheckOptions& o) {
    policies::Thresholds t = policies::thresholds_from(ctx.config());
    if (!o.minor.empty()) {
        t.minor = core::parse_duration(o.minor, "--minor");
    }
    if (!o.major.empty()) {
        t.major = core::parse_duration(o.major, "--major");
    }
    policies::validate(t);
    return t;
}

// NAME names a stored certificate; anything else must be a file or directory.
void sort_targets(Context& ctx, const CheckOptions& o, std::vector<policies::InventoryRow>& rows,
                  std::vector<std::filesystem::path>& paths) {
    storage::Store* store = ctx.has_store() ? &ctx.store(storage::Store::Access::read) : nullptr;
    std::optional<certs::Inventory> inventory;
    if (store != nullptr) {
        inventory.emplace(store->db());
    }
    for (const std::string& t : o.targets) {
        if (certs::is_stored_target(inventory ? &*inventory : nullptr, t)) {
            if (auto row = policies::find_certificate(store->db(), t)) {
                rows.push_back(*row);
                continue;
            }
        }
        std::error_code ec;
        if (!std::filesystem::exists(std::filesystem::symlink_status(t, ec))) {
            throw core::Error(core::Errc::not_found, "cannot check", t,
                              "no stored certificate, file or directory by that name",
                              "`certctl cert list` shows stored names; give files by path");
        }
        paths.emplace_back(t);
    }
}

// Evaluated at the real now: record alarms and apply policies, as watch does. A what-if (--at) never comes here.
// `names`: the stored rows judged.
void record(Context& ctx, bool whole_inventory, const std::vector<std::string>& names,
            const policies::CheckReport& report) {
    storage::Store& store = ctx.store(storage::Store::Access::write);
    service::Monitor monitor(store, ctx.clock, [&ctx](const std::string& line) { ctx.out.info(line); });
    monitor.record(report);
    if (whole_inventory) {
        monitor.forget_removed(names);
    }
}

// The exchange sync cadence (lib/exchange): recorded as an alarm at the real now, evaluated only for --at.
void add_sync_alarm(Context& ctx, bool record_it, policies::CheckReport& report) {
    storage::Store& store = ctx.store(record_it ? storage::Store::Access::write : storage::Store::Access::read);
    const exchange::SyncVerdict v =
        record_it ? exchange::apply_sync_alarm(store.db(), ctx.clock)
                  : exchange::evaluate_sync(exchange::last_successful_sync(store.db()), report.at);
    if (v.severity && v.last) {
        report.alarms.push_back({exchange::k_sync_alarm_kind, v.last->instance_id, *v.severity, v.reason});
    }
}

// JSON and the text table are rendered ahead, beside the recording (see check_command); Nagios and Prometheus
// output are small and are rendered after.
bool rendered_ahead(const std::string& format, bool json) { return json || format == "text"; }

// The text table and its footer.
std::string table_text(const Context& ctx, const policies::CheckReport& report) {
    std::string out;
    const policies::CheckTable table = policies::check_table(report);
    if (!table.rows.empty()) {
        out = ctx.out.table_text(table.headers, table.rows, table.right_aligned);
    }
    out += core::printable(policies::check_footer(report), true);  // as Output::text writes it
    return out;
}

// The output rendered ahead, in pieces printed in order: the text table whole, the JSON document (the bytes
// Output::result would print for check_json, without building its tree) in pieces of a few thousand
// certificates that both threads take in turn, so the one that records renders the rest once it is done.
class RenderedAhead final {
public:
    RenderedAhead(const Context& ctx, bool json, const policies::CheckReport& report) : m_ctx(ctx), m_report(report) {
        if (json) {
            m_json.emplace(report, check_exit_code(report));
        }
        const std::size_t n = m_json ? m_json->size() : 0;
        m_pieces.resize(std::max<std::size_t>(1, (n + k_per_piece - 1) / k_per_piece));
    }
    // Renders pieces no other thread has taken, until none is left.
    void render() {
        for (std::size_t k = m_next++; k < m_pieces.size(); k = m_next++) {
            if (!m_json) {
                m_pieces[k] = table_text(m_ctx, m_report);
                continue;
            }
            const std::size_t n = m_json->size();
            m_pieces[k] = m_json->piece(std::min(n, k * k_per_piece), std::min(n, (k + 1) * k_per_piece));
        }
    }
    const std::vector<std::string>& pieces() const { return m_pieces; }

private:
    static constexpr std::size_t k_per_piece = 4096;  // certificates: about 3.5 MB of JSON
    const Context& m_ctx;
    const policies::CheckReport& m_report;
    std::optional<policies::CheckJsonPieces> m_json;
    std::vector<std::string> m_pieces;
    std::atomic<std::size_t> m_next{0};
};

// `ahead`: what RenderedAhead made for JSON and text, while the monitor recorded. Nagios output also decides
// the exit code (its own 0-3 mapping).
void render(Context& ctx, const std::string& format, bool json, storage::Store* store,
            const policies::CheckReport& report, const RenderedAhead* ahead) {
    if (rendered_ahead(format, json)) {
        for (const std::string& piece : ahead->pieces()) {
            ctx.out.raw(piece);
        }
    } else if (format == "nagios") {
        const policies::NagiosOutput nagios = policies::check_nagios(report);
        ctx.exit_code = nagios_exit_code(nagios.status);
        ctx.out.text(nagios.text);
    } else if (format == "prometheus") {
        const auto crls = store != nullptr ? policies::crl_states(*store) : std::vector<policies::CrlState>{};
        ctx.out.text(policies::check_prometheus(report, crls));
    }
}

// Every certificate judged into `report`: the files and the stored `rows`, or with `whole_inventory` every row
// of the store, read as it is judged. -> the names of the stored rows judged.
std::vector<std::string> judge(Context& ctx, storage::Store* store, const std::vector<std::filesystem::path>& paths,
                               bool whole_inventory, const std::vector<policies::InventoryRow>& rows, bool json,
                               policies::CheckReport& report) {
    const auto revocation =
        store != nullptr ? policies::revocation_lookup(*store) : std::make_unique<certs::NoRevocationData>();
    policies::check_files(paths, *revocation, json, report);
    policies::InvalidCheck invalid;
    std::optional<policies::BundleAnchors> anchors;
    if (store != nullptr) {
        anchors.emplace(store->db(), ctx.clock);
        invalid = policies::invalid_check(*anchors, report.at);
    }
    std::vector<std::string> names;
    if (whole_inventory) {
        names = policies::check_inventory(store->db(), *revocation, invalid, report);
    } else {
        policies::check_rows(rows, *revocation, invalid, report);
        for (const policies::InventoryRow& row : rows) {
            names.push_back(row.name);
        }
    }
    if (store != nullptr && !names.empty()) {
        policies::add_renewal_status(store->db(), store->config(), report);
    }
    return names;
}

void check_command(Context& ctx, const CheckOptions& o) {
    skip_locked_pool();  // rows are judged on several threads; check holds no private key
    const bool json = ctx.opts.json || o.format == "json";
    ctx.out.configure(json, ctx.opts.quiet, ctx.opts.verbose);
    policies::CheckReport report;
    report.thresholds = thresholds_for(ctx, o);
    report.at = o.at.empty() ? ctx.clock.now() : core::parse_time(o.at, "--at");
    std::vector<policies::InventoryRow> rows;
    std::vector<std::filesystem::path> paths;
    if (o.targets.empty()) {
        if (!ctx.has_store() && o.format == "nagios") {
            ctx.out.text("CERTCTL UNKNOWN - no store at " + core::printable(ctx.paths().root().string()) +
                         " | certificates=0;;;0;\n");
            ctx.exit_code = 3;
            return;
        }
        (void)ctx.store(storage::Store::Access::read);  // without a store: the error every store command gives
    } else {
        sort_targets(ctx, o, rows, paths);
    }
    storage::Store* store = ctx.has_store() ? &ctx.store(storage::Store::Access::read) : nullptr;
    const std::vector<std::string> names = judge(ctx, store, paths, o.targets.empty(), rows, json, report);
    // A user who may read the store but not write it (a monitoring account) gets the answer; recording
    // alarms and applying policies is left to the owner's watch or check.
    const bool read_only = store != nullptr && store->db().read_only();
    const bool may_record = o.at.empty() && store != nullptr && !read_only;
    if (read_only && o.at.empty()) {
        ctx.out.verbose("the store is read-only for this user: alarms are not recorded, policies not applied");
    }
    if (o.targets.empty() && store != nullptr) {
        add_sync_alarm(ctx, may_record, report);
    }
    // The JSON document or the text table (a fifth of checking 100,000 certificates) is rendered on another
    // thread while the monitor records, and the JSON on this one too once it has: both only read the report
    // from here on, and the exit code the JSON states is check_exit_code's, as below.
    std::optional<RenderedAhead> ahead;
    {
        std::optional<ca::SecondThread> writer;
        if (rendered_ahead(o.format, json)) {
            ahead.emplace(ctx, json, report);
            writer.emplace([&ahead] { ahead->render(); });
        }
        if ((o.targets.empty() || !names.empty()) && may_record) {
            record(ctx, o.targets.empty(), names, report);
        }
        if (writer) {
            ahead->render();
            writer->join();
        }
    }
    for (const policies::CheckProblem& p : report.problems) {
        ctx.out.warning("skipped " + p.path + ": " + p.why);
    }
    ctx.exit_code = check_exit_code(report);
    // Recording reopened the store for writing and closed the one `store` pointed to: ask again.
    render(ctx, o.format, json, store != nullptr ? &ctx.store(storage::Store::Access::read) : nullptr, report,
           ahead ? &*ahead : nullptr);
    if (report.certs.empty() && !report.problems.empty() && o.format != "nagios") {
        ctx.exit_code = k_exit_bad_input;  // nothing could be checked at all: not "nothing to report"
    }
    core::keep_until_exit(std::move(report));
    core::keep_until_exit(std::move(rows));
}
}  // namespace

void register_check_commands(CLI::App& app, Context& ctx) {
    auto o = std::make_shared<CheckOptions>();
    CLI::App* cmd = app.add_subcommand(
        "check", "Evaluate certificates (inventory, files, directories); exit with the worst severity");
    cmd->add_option("targets", o->targets,
                    "stored certificate NAMEs, FILEs (PEM, DER, PKCS#7) or DIRectories (recursive); "
                    "none: the whole inventory")
        ->type_name("NAME|FILE|DIR");
    cmd->add_option("--at", o->at, "evaluate as if at this time (RFC 3339 or YYYY-MM-DD); records nothing")
        ->type_name("TIME");
    cmd->add_option("--minor", o->minor, "minor when expiring within this (default: alarms.minor, 30d)")
        ->type_name("DURATION");
    cmd->add_option("--major", o->major, "major when expiring within this (default: alarms.major, 7d)")
        ->type_name("DURATION");
    cmd->add_option("--format", o->format, "text, json, nagios (plugin output) or prometheus (text exposition)")
        ->check(CLI::IsMember({"text", "json", "nagios", "prometheus"}))
        ->capture_default_str();
    set_help(cmd,
             "  0 nothing to report   1 worst is minor   2 worst is major   3 worst is critical\n"
             "  --format nagios: 0 OK   1 WARNING   2 CRITICAL   3 UNKNOWN (nothing could be checked)\n"
             "  64 bad option or duration, --minor shorter than --major   65 no certificate in anything given\n"
             "  66 no such name, file or directory, or no store   75 store locked\n",
             {{"Every certificate in the store:", "certctl check"},
              {"One stored certificate, as JSON:", "certctl check lab-ca --format json"},
              {"A lab CA file, as a Nagios plugin would:", "certctl check ca.pem --format nagios"},
              {"What will alarm on New Year's Day, with a 60-day warning:",
               "certctl check ca.pem --at 2030-01-01 --minor 60d"},
              {"Metrics for the node-exporter textfile collector:", "certctl check . --format prometheus"}});
    on_run(cmd, ctx, [&ctx, o] { check_command(ctx, *o); });
}

}  // namespace certctl::cli
