// cli/cmd_exchange_lab.cpp — the cloud's side for labs (exchange authorize, sync-response) over the local CA.
#include "cli/cmd_ca.h"
#include "cli/cmd_exchange.h"

#include "lib/core/error.h"
#include "lib/exchange/exchange_file.h"
#include "lib/exchange/lab_cloud.h"
#include "lib/exchange/store_cas.h"

#include <botan/auto_rng.h>

namespace certctl::cli {

namespace {
struct AnswerOptions {
    std::string request;
    std::string ca;
    std::string out;
    std::string sync_type = "PARTIAL";
    exchange::AuthorizeOptions names;
};

void answer_command(Context& ctx, const AnswerOptions& o, bool authorization) {
    const exchange::ExchangeFile request = exchange::ExchangeFile::read(o.request);
    storage::Store& store = ctx.store(storage::Store::Access::write);
    const ca::ProfileSet profiles = load_ca_profiles(ctx, "");
    Botan::AutoSeeded_RNG rng;
    exchange::StoreCas cas(store, ctx.clock, rng, profiles);
    if (authorization) {
        // --out is written before the certificates are stored for good: a failure there issues none.
        exchange::AuthorizeOptions names = o.names;
        if (!o.out.empty()) {
            names.deliver = [&](const std::string& text) { write_exchange_file(ctx, o.out, text, "authorization"); };
        }
        const std::string text = exchange::authorize(request, cas, o.ca, ctx.clock, rng, names);
        if (o.out.empty()) {
            write_exchange_file(ctx, o.out, text, "authorization");
        }
        return;
    }
    const std::string text = exchange::answer_sync(request, cas, o.ca, ctx.clock, rng, o.sync_type, o.names);
    write_exchange_file(ctx, o.out, text, "sync response");
}

}  // namespace

void register_exchange_authorize_command(CLI::App& group, Context& ctx) {
    auto ao = std::make_shared<AnswerOptions>();
    CLI::App* auth = group.add_subcommand(
        "authorize", "For labs and tests: answer a registration as the cloud, with local CA CA as the licensing root: "
                     "the eight certificates in their roles, signed");
    auth->add_option("REQUEST", ao->request, "registration request")->required();
    auth->add_option("--ca", ao->ca, "local CA of profile root that plays the licensing root")->required();
    auth->add_option("--satellite-name", ao->names.satellite_name, "the :satellite_name: to write")
        ->capture_default_str();
    auth->add_option("--out", ao->out, "write here (atomically) instead of stdout")->type_name("FILE");
    set_help(auth,
             "  0 written   64 usage (CA not a root)   65 the request does not verify   66 no such file or CA\n"
             "  73 cannot write\n",
             {{"Make the lab licensing root (once):",
               "certctl ca init licensing-root --profile root --cn \"Lab Licensing Root\""},
              {"Answer the registration:",
               "certctl exchange authorize lab-registration.yml --ca licensing-root --out lab-auth.yml"}});
    on_run(auth, ctx, [&ctx, ao] { answer_command(ctx, *ao, true); });

}

void register_exchange_sync_response_command(CLI::App& group, Context& ctx) {
    auto so = std::make_shared<AnswerOptions>();
    CLI::App* sync = group.add_subcommand(
        "sync-response", "For labs and tests: answer a sync request as the cloud of `exchange authorize`: id_cert "
                         "renewed for the same key, signed, with root_cert_hash");
    sync->add_option("REQUEST", so->request, "sync request")->required();
    sync->add_option("--ca", so->ca, "the root CA given to `exchange authorize`")->required();
    sync->add_option("--sync-type", so->sync_type, "PARTIAL or FULL")->capture_default_str()
        ->check(CLI::IsMember({"PARTIAL", "FULL"}));
    sync->add_option("--satellite-name", so->names.satellite_name, "the :satellite_name: to write")
        ->capture_default_str();
    sync->add_option("--out", so->out, "write here (atomically) instead of stdout")->type_name("FILE");
    set_help(sync,
             "  0 written   64 usage   65 the request does not verify   66 no such file or CA (authorize first)\n"
             "  73 cannot write\n",
             {{"Answer the monthly sync request:",
               "certctl exchange sync-response lab-sync-request.yml --ca licensing-root --out lab-sync.yml"}});
    on_run(sync, ctx, [&ctx, so] { answer_command(ctx, *so, false); });
}

}  // namespace certctl::cli
