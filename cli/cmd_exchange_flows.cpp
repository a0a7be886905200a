// cli/cmd_exchange_flows.cpp — certctl exchange registration, authorize, sync-request, sync-response, import.
#include "cli/cmd_exchange.h"

#include "lib/core/counted.h"
#include "lib/core/error.h"
#include "lib/exchange/exchange_file.h"
#include "lib/exchange/exchange_import.h"
#include "lib/exchange/registration.h"
#include "lib/exchange/store_inputs.h"

#include <iostream>

namespace certctl::cli {

namespace {
struct ImportOptions {
    std::string file;
    ExchangeTrustOptions trust;
};

void import_command(Context& ctx, const ImportOptions& o) {
    const exchange::ExchangeFile file = exchange::ExchangeFile::read(o.file);
    const auto trusted = exchange_trust(ctx, o.trust);
    storage::Store& store = ctx.store(storage::Store::Access::write);
    const exchange::ImportResult r = exchange::import_exchange(store.db(), file, trusted, ctx.clock);
    if (!r.report.valid()) {
        std::string first;
        std::size_t failed = 0;
        for (const exchange::Check& c : r.report.checks) {
            if (c.status == exchange::Check::Status::fail) {
                ctx.out.warning(c.name + ": " + c.detail);
                first = first.empty() ? c.name + ": " + c.detail : first;
                ++failed;
            }
        }
        throw core::Error(core::Errc::bad_input, "cannot import exchange file", o.file,
                          "it did not verify (" + std::to_string(failed) + " check(s) failed; first: " + first + ")",
                          "nothing was imported; see every check with `certctl exchange verify " + o.file + "`");
    }
    nlohmann::json certs = nlohmann::json::array();
    std::vector<std::vector<std::string>> rows;
    for (const exchange::ImportedCertificate& c : r.certificates) {
        certs.push_back({{"name", c.name},
                         {"purpose", c.purpose},
                         {"subject", c.subject},
                         {"not_after", c.not_after},
                         {"fingerprint", c.fingerprint},
                         {"key", c.key_name.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.key_name)},
                         {"replaced", c.replaced}});
        rows.push_back(
            {c.name, c.subject, c.not_after, c.key_name.empty() ? "-" : c.key_name, c.replaced ? "renewed" : "new"});
    }
    if (ctx.out.json()) {
        ctx.out.result({{"file", o.file},
                        {"kind", exchange::file_kind_name(file.kind())},
                        {"instance_id", r.instance_id},
                        {"sync_type", r.sync_type},
                        {"certificates", certs}},
                       [](TextOut&) {});
    } else {
        ctx.out.info("imported " + core::counted(r.certificates.size(), "certificate") + " from " + o.file + " (" +
                     exchange::file_kind_name(file.kind()) + ", sync " + r.sync_type + ", On-Prem " + r.instance_id +
                     ")");
    }
}

struct SyncRequestOptions {
    exchange::SyncRequestInputs in;
    std::string tg_csr;
    std::string ssms_csr;
    std::string out;
};

void sync_request_command(Context& ctx, SyncRequestOptions o) {
    storage::Store& store = ctx.store(storage::Store::Access::read);
    if (!o.tg_csr.empty()) {
        o.in.tg_csr = exchange::csr_pem(&store.db(), o.tg_csr, "--tg-csr");
    }
    if (!o.ssms_csr.empty()) {
        o.in.ssms_csr = exchange::csr_pem(&store.db(), o.ssms_csr, "--ssms-csr");
    }
    const exchange::SyncRequest req = exchange::build_sync_request(store.db(), ctx.clock, o.in);
    write_exchange_file(ctx, o.out, exchange::write_sync_request(req), "sync request");
}
struct RegistrationOptions {
    exchange::RegistrationInputs in;
    std::string lcs_csr, tg_csr, ssms_csr, out;
};

void registration_command(Context& ctx, RegistrationOptions o) {
    storage::Store& store = ctx.store(storage::Store::Access::write);
    if (!o.lcs_csr.empty()) {
        o.in.lcs_csr = exchange::csr_pem(&store.db(), o.lcs_csr, "--lcs-csr");
    }
    if (!o.tg_csr.empty()) {
        o.in.tg_csr = exchange::csr_pem(&store.db(), o.tg_csr, "--tg-csr");
    }
    if (!o.ssms_csr.empty()) {
        o.in.ssms_csr = exchange::csr_pem(&store.db(), o.ssms_csr, "--ssms-csr");
    }
    write_exchange_file(ctx, o.out, exchange::write_registration(exchange::build_registration(store, ctx.clock, o.in)),
         "registration request");
}
}  // namespace

void register_exchange_registration_command(CLI::App& group, Context& ctx) {
    auto ro = std::make_shared<RegistrationOptions>();
    CLI::App* reg = group.add_subcommand(
        "registration", "Write a registration request: the On-Prem UUID, the time, and CSRs for the local LCS, the "
                        "Transport Gateway and the web GUI (stored CSRs NAME-lcs/-tg/-ssms, made from keys of those "
                        "names when missing, unless given)");
    reg->add_option("NAME", ro->in.name, "the On-Prem's name here; prefix of its key names")->required();
    reg->add_option("--instance-id", ro->in.instance_id, "the On-Prem's UUID (8-4-4-4-12 hex)")->required();
    reg->add_option("--lcs-csr", ro->lcs_csr, "LCS CSR (stored name or file); CN must be the UUID")
        ->type_name("NAME|FILE");
    reg->add_option("--tg-csr", ro->tg_csr, "Transport Gateway CSR (stored name or file)")->type_name("NAME|FILE");
    reg->add_option("--ssms-csr", ro->ssms_csr, "web GUI CSR (stored name or file)")->type_name("NAME|FILE");
    reg->add_option("--out", ro->out, "write here (atomically) instead of stdout")->type_name("FILE");
    set_help(reg,
             "  0 written   64 bad UUID or name   65 a CSR that is not a signed PKCS#10 request (a certificate,\n"
             "  garbage)   66 no such CSR   73 cannot write\n",
             {{"Register the lab On-Prem, making its three keys and CSRs:",
               "certctl exchange registration lab --instance-id 4cdd0470-e5e4-0132-a310-005056841670 --out "
               "lab-registration.yml"}});
    on_run(reg, ctx, [&ctx, ro] { registration_command(ctx, *ro); });

}

void register_exchange_import_commands(CLI::App& group, Context& ctx) {
    auto io = std::make_shared<ImportOptions>();
    CLI::App* import = group.add_subcommand(
        "import", "Verify an authorization or sync response, then import its certificates under their field names "
                  "(id_cert, sub_ca_cert, ...); a file that fails verification imports nothing");
    import->add_option("FILE", io->file, "authorization or sync response")->required();
    io->trust.add_to(import);
    set_help(import,
             "  0 imported   64 usage (a request file)   65 the file did not verify, or is unreadable (nothing\n"
             "  imported; failed checks on stderr)   66 no such file or bundle   73 cannot write the store\n",
             {{"The lab root as a trust file:", "certctl ca show licensing-root --pem > lab-root.pem"},
              {"Import the lab authorization, trusting that root:",
               "certctl exchange import lab-auth.yml --trust-file lab-root.pem"}});
    on_run(import, ctx, [&ctx, io] { import_command(ctx, *io); });

    auto so = std::make_shared<SyncRequestOptions>();
    CLI::App* sync_request = group.add_subcommand(
        "sync-request", "Write the On-Prem's synchronization request: its id and signing certificates (from the "
                        "inventory), UUID, last sync, and new TG/GUI CSRs when an address changed");
    sync_request->add_option("--id-cert", so->in.id_cert, "inventory name of the id certificate")
        ->capture_default_str();
    sync_request->add_option("--signing-cert", so->in.signing_cert, "inventory name of the signing certificate")
        ->capture_default_str();
    sync_request->add_option("--tg-csr", so->tg_csr, "new TG CSR (stored CSR name or file), after an address change")
        ->type_name("NAME|FILE");
    sync_request->add_option("--ssms-csr", so->ssms_csr, "new GUI CSR (stored CSR name or file)")
        ->type_name("NAME|FILE");
    sync_request->add_option("--ssms-version", so->in.ssms_version, "On-Prem software version to report");
    sync_request->add_option("--out", so->out, "write here (atomically) instead of stdout")->type_name("FILE");
    set_help(sync_request,
             "  0 written   64 usage   65 a CSR that is not a signed PKCS#10 request (a certificate, garbage)\n"
             "  66 no authorization imported yet, no such certificate or CSR   73 cannot write --out\n",
             {{"The monthly sync request, to carry to the cloud:",
               "certctl exchange sync-request --out lab-sync-request.yml"}});
    on_run(sync_request, ctx, [&ctx, so] { sync_request_command(ctx, *so); });
}

}  // namespace certctl::cli
