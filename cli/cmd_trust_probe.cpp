// cli/cmd_trust_probe.cpp — certctl trust probe: why a TLS server is or is not trusted by a bundle.
#include "cli/cmd_trust_probe.h"

#include "cli/exit_codes.h"
#include "lib/certs/profile.h"
#include "lib/trust/tls_probe.h"
#include "lib/trust/trust_store.h"

namespace certctl::cli {

namespace {
struct ProbeOptions {
    std::string url;
    std::string bundle;
    std::string servername;
    int timeout = 10;
    bool fips = false;
    std::string profile;  // empty: config validation.profile
};

// The anchors to judge against: --bundle's, else every bundle's, with the bundle each came from.
struct Anchors {
    std::vector<Botan::X509_Certificate> certs;
    std::vector<std::string> bundle_of;
    std::size_t bundles = 0;
};

Anchors read_anchors(Context& ctx, const ProbeOptions& o) {
    trust::TrustStore store(ctx.store(storage::Store::Access::read).db(), ctx.clock);
    std::vector<std::string> names;
    if (!o.bundle.empty()) {
        names.push_back(o.bundle);
    } else {
        for (const auto& b : store.list()) {
            names.push_back(b.name);
        }
    }
    Anchors out;
    out.bundles = names.size();
    for (const std::string& name : names) {
        for (auto& a : store.anchors(name)) {
            out.certs.push_back(std::move(a));
            out.bundle_of.push_back(name);
        }
    }
    return out;
}

void print_verdict(Context& ctx, const ProbeOptions& o, const trust::ProbeTarget& target,
                   const trust::ServerChain& sent, const trust::ProbeVerdict& v, certs::Profile profile) {
    nlohmann::json chain = nlohmann::json::array();
    for (const auto& c : sent.chain) {
        chain.push_back(certs::to_json(certs::summarize(c)));
    }
    const nlohmann::json doc = {{"url", o.url},
                                {"host", target.host},
                                {"port", target.port},
                                {"servername", target.servername},
                                {"bundle", o.bundle.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.bundle)},
                                {"chain", chain},
                                {"trusted", v.trusted},
                                {"verdict", v.kind},
                                {"message", v.line},
                                {"anchor", v.anchor.empty() ? nlohmann::json(nullptr) : nlohmann::json(v.anchor)},
                                {"profile", certs::profile_name(profile)},
                                {"reasons", v.reasons},
                                {"reason_codes", v.codes}};
    ctx.out.result(doc, [&](TextOut& os) {
        os << "chain sent by " << target.host << ":" << target.port << " (server name " << target.servername << "):\n";
        for (std::size_t i = 0; i < sent.chain.size(); ++i) {
            const certs::CertSummary s = certs::summarize(sent.chain[i]);
            os << "  " << i << " " << s.subject << "\n    issuer " << s.issuer << ", not after " << s.not_after << "\n";
        }
        os << v.line << "\n";
    });
}

void probe_command(Context& ctx, const ProbeOptions& o) {
    const trust::ProbeTarget target = trust::parse_probe_url(o.url, o.servername);
    const certs::Profile profile =
        certs::parse_profile(o.profile.empty() ? ctx.config().get("validation.profile") : o.profile);
    const Anchors anchors = read_anchors(ctx, o);
    std::string bundle_label = o.bundle.empty() ? "(any of " + std::to_string(anchors.bundles) + ")" : o.bundle;
    const trust::ServerChain sent = trust::fetch_server_chain(target, std::chrono::seconds(o.timeout));
    if (!sent.reached) {
        throw core::Error(core::Errc::unavailable, "cannot reach TLS server", o.url, sent.error,
                          "check the host and port, and that the service speaks TLS there");
    }
    const auto judge = [&] {
        return trust::judge_chain(sent.chain, anchors.certs, bundle_label, target.servername, ctx.clock.now(), o.fips,
                                  profile);
    };
    if (o.bundle.empty()) {
        // Say which bundle holds the anchor a path would end in, when one does.
        const trust::ProbeVerdict first = judge();
        for (std::size_t i = 0; i < anchors.certs.size() && !first.anchor.empty(); ++i) {
            if (certs::dn_string(anchors.certs[i].subject_dn()) == first.anchor) {
                bundle_label = anchors.bundle_of[i];
                break;
            }
        }
    }
    const trust::ProbeVerdict v = judge();
    print_verdict(ctx, o, target, sent, v, profile);
    ctx.exit_code = v.trusted ? k_exit_ok : k_exit_no;
}
}  // namespace

void register_trust_probe_command(CLI::App& trust_group, Context& ctx) {
    auto o = std::make_shared<ProbeOptions>();
    CLI::App* probe =
        trust_group.add_subcommand("probe", "Connect to a TLS server and say why it is or is not trusted");
    probe->add_option("URL", o->url, "https://HOST[:PORT]")->required();
    probe->add_option("--bundle", o->bundle, "judge against this bundle (default: every bundle)");
    probe->add_option("--servername", o->servername, "TLS server name (SNI) and the name to match (default: HOST)");
    probe->add_option("--timeout", o->timeout, "seconds to wait for the connection and handshake")
        ->capture_default_str()->check(CLI::Range(1, 600));
    probe->add_flag("--fips", o->fips, "also fail SHA-1/MD5 signatures and RSA keys under 2048 bits in the chain");
    probe
        ->add_option("--profile", o->profile,
                     "rfc5280 or webpki, as for cert verify (default: validation.profile, rfc5280)")
        ->check(CLI::IsMember(certs::profile_names()));
    set_help(probe,
             "  0 trusted   1 not trusted (the line says why: unknown issuer, incomplete chain, expired,\n"
             "  not yet valid, weak signature, name mismatch)   64 bad URL   66 no such bundle\n"
             "  69 unreachable, or no TLS on that port\n",
             {{"Nothing listens on port 1: exit 69 (unreachable), which a script can tell from 1 (not trusted):",
               "certctl trust probe https://127.0.0.1:1 --bundle lab --timeout 2 || test $? -eq 69"}});
    on_run(probe, ctx, [&ctx, o] { probe_command(ctx, *o); });
}

}  // namespace certctl::cli
