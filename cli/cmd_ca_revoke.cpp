// cli/cmd_ca_revoke.cpp — certctl ca revoke, certctl ca crl.
#include "cli/cmd_ca.h"
#include "lib/ca/revocation.h"
#include "lib/ca/streaming_file.h"
#include "lib/core/duration.h"
#include "lib/core/rfc3339.h"

#include <botan/auto_rng.h>
#include <cstdio>

namespace certctl::cli {

namespace {
struct RevokeArgs {
    std::string ca, serial, cert, reason = "unspecified", at;
};

// `--cert NAME`: the serial of a certificate this CA issued, found by its inventory name.
std::string serial_of_issued(storage::Store& store, const std::string& ca, const std::string& name) {
    if (auto serial = ca::issued_serial(store.db(), ca, name)) {
        return *serial;
    }
    throw core::Error(core::Errc::not_found, "cannot revoke", name,
                      "CA " + ca + " issued no certificate with this name", "give the serial instead");
}

void revoke_command(Context& ctx, const RevokeArgs& a) {
    const std::optional<int> reason = ca::parse_reason(a.reason);
    if (!reason) {
        throw core::Error(core::Errc::usage, "invalid --reason", a.reason, "not an RFC 5280 reason",
                          "reasons: " + ca::reason_names());
    }
    if (a.serial.empty() == a.cert.empty()) {
        throw core::Error(core::Errc::usage, "cannot revoke", a.ca, "give either SERIAL or --cert NAME");
    }
    std::optional<core::TimePoint> at;
    if (!a.at.empty()) {
        at = core::parse_time(a.at, "--at");
    }
    storage::Store& store = ctx.store(storage::Store::Access::write);
    Botan::AutoSeeded_RNG rng;
    const ca::ProfileSet profiles;
    ca::LocalCa local(store, ctx.clock, rng, profiles);
    const std::string serial = a.cert.empty() ? a.serial : serial_of_issued(store, a.ca, a.cert);
    const ca::RevokeResult r = local.revoke(a.ca, serial, *reason, at);
    if (ctx.out.json()) {
        ctx.out.result({{"certificate_authority", a.ca}, {"serial", r.serial}, {"name", r.name}, {"subject", r.subject},
                        {"reason", ca::reason_name(r.reason)}, {"revoked_at", r.revoked_at}},
                       [](TextOut&) {});
    }
}

struct CrlArgs {
    std::string ca, out, next_update;  // empty: config ca.crl_next_update
    bool pem = false;
    CaKeyOptions keys;
};

void crl_command(Context& ctx, const CrlArgs& a) {
    const core::Seconds next = a.next_update.empty() ? ctx.config().get_duration("ca.crl_next_update")
                                                     : core::parse_duration(a.next_update, "--next-update");
    storage::Store& store = ctx.store(storage::Store::Access::write);
    Botan::AutoSeeded_RNG rng;
    const ca::ProfileSet profiles;
    ca::LocalCa local(store, ctx.clock, rng, profiles);
    const ca::KeyAccess keys = ca_key_access(ctx, a.keys);
    ca::CrlResult r;
    std::string pem;  // with --json and no --out, the PEM goes into the document's "pem" field
    if (a.out.empty() && ctx.out.json()) {
        r = local.publish_crl(a.ca, keys, next, ca::CrlFormat::pem, [&pem](const std::uint8_t* d, std::size_t n) {
            pem.append(reinterpret_cast<const char*>(d), n);
        });
    } else if (a.out.empty()) {
        r = local.publish_crl(a.ca, keys, next, ca::CrlFormat::pem,
                              [](const std::uint8_t* d, std::size_t n) { std::fwrite(d, 1, n, stdout); });
        std::fflush(stdout);
    } else {
        ca::StreamingFile file(a.out, 0644);
        r = local.publish_crl(a.ca, keys, next, a.pem ? ca::CrlFormat::pem : ca::CrlFormat::der,
                              [&](const std::uint8_t* d, std::size_t n) { file.write(d, n); });
        file.commit();
    }
    if (ctx.out.json()) {
        ctx.out.result({{"certificate_authority", a.ca},
                        {"crl_number", r.crl_number},
                        {"entries", r.entries},
                        {"bytes", r.bytes},
                        {"this_update", r.this_update},
                        {"next_update", r.next_update},
                        {"path", a.out.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.out)},
                        {"format", a.pem || a.out.empty() ? "pem" : "der"},
                        {"pem", a.out.empty() ? nlohmann::json(pem) : nlohmann::json(nullptr)}},
                       [](TextOut&) {});
    }
}
}  // namespace

void register_ca_revoke(CLI::App& group, Context& ctx) {
    auto a = std::make_shared<RevokeArgs>();
    CLI::App* revoke = group.add_subcommand("revoke", "Revoke a certificate the CA issued (shows in its next CRL)");
    revoke->add_option("CA", a->ca, "the CA that issued it")->required();
    revoke->add_option("SERIAL", a->serial, "serial number in hex (colons allowed)");
    revoke->add_option("--cert", a->cert, "the certificate's inventory name instead of SERIAL");
    revoke->add_option("--reason", a->reason, "RFC 5280 reason: " + ca::reason_names())->capture_default_str();
    revoke->add_option("--at", a->at, "revocation time (RFC 3339 or YYYY-MM-DD; default: now)");
    set_help(revoke, "  0 revoked   64 bad option or reason   65 already revoked   66 no such CA or serial\n",
             {{"Revoke the lab server certificate, replaced by a new one:",
               "certctl ca revoke lab-root --cert web01-lab --reason superseded"}});
    on_run(revoke, ctx, [&ctx, a] { revoke_command(ctx, *a); });

    auto c = std::make_shared<CrlArgs>();
    CLI::App* crl = group.add_subcommand("crl", "Sign and write the CA's next CRL (v2, CRL number, AKI, reasons)");
    crl->add_option("CA", c->ca, "the CA")->required();
    crl->add_option("--out", c->out,
                    "write the CRL here (DER unless --pem; default: PEM on stdout, or in the pem field with --json)")
        ->type_name("FILE");
    crl->add_flag("--pem", c->pem, "PEM instead of DER in --out");
    crl->add_option("--next-update", c->next_update,
                    "how long the CRL is valid (nextUpdate; default: config ca.crl_next_update, 7d unless set)")
        ->type_name("DURATION");
    add_passphrase_option(crl, c->keys.passphrase_file);
    set_help(
        crl,
        "  0 written   64 bad option   65 CA key missing from the store, wrong or missing passphrase\n"
        "  66 no such CA   73 cannot write\n",
        {{"Publish the root's CRL where its --crl-url points:", "certctl ca crl lab-root --out lab-root.crl"},
         {"The same as PEM, valid for a day:", "certctl ca crl lab-root --out lab-root.pem --pem --next-update 24h"}});
    on_run(crl, ctx, [&ctx, c] { crl_command(ctx, *c); });
}

}  // namespace certctl::cli
