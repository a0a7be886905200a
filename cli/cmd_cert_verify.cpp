// cli/cmd_cert_verify.cpp — certctl cert verify: RFC 5280 path validation, every reason printed, exit 0/1.
#include "cli/cmd_cert_verify.h"

#include "cli/exit_codes.h"
#include "cli/locked_pool.h"
#include "crl/master_list.h"
#include "lib/certs/cert_parser.h"
#include "lib/certs/inventory.h"
#include "lib/certs/profile.h"
#include "lib/certs/purpose.h"
#include "lib/certs/target.h"
#include "lib/certs/validator.h"
#include "lib/core/file_io.h"
#include "lib/core/name.h"
#include "lib/core/rfc3339.h"
#include "lib/trust/trust_store.h"

#include <botan/data_src.h>
#include <filesystem>
#include <optional>

namespace certctl::cli {

namespace {
struct VerifyOptions {
    std::string target;
    std::string chain;
    std::string trust;
    std::string trust_file;
    std::vector<std::string> crls;
    std::string at;
    std::string purpose = "any";
    std::string hostname;
    std::string profile;  // empty: config validation.profile
    bool allow_legacy = false;
    std::vector<std::string> policies;  // the user-initial-policy-set (RFC 5280 6.1.1 (c)); empty: any
    bool require_explicit_policy = false;
    bool inhibit_policy_mapping = false;
    bool inhibit_any_policy = false;
};

// A policy is named by its OID in dotted decimal (RFC 5280 4.2.1.4: certificatePolicies holds OIDs only).
std::string checked_policy_oid(const std::string& text) {
    const bool digits_and_dots = !text.empty() && text.find_first_not_of("0123456789.") == std::string::npos;
    if (!digits_and_dots || text.front() == '.' || text.back() == '.' || text.find("..") != std::string::npos ||
        text.find('.') == std::string::npos) {
        throw core::Error(core::Errc::usage, "bad policy", text, "a certificate policy is an OID in dotted decimal",
                          "for example --policy 2.23.140.1.2.1 (anyPolicy is 2.5.29.32.0)");
    }
    return text;
}

Botan::X509_CRL read_crl(const std::string& path) {
    const std::string bytes = core::read_file(path, "CRL file", 256ULL << 20);
    try {
        Botan::DataSource_Memory src(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
        return Botan::X509_CRL(src);
    } catch (const std::exception& e) {
        throw core::Error(core::Errc::bad_input, "cannot read CRL", path, e.what(), "expected a PEM or DER X.509 CRL");
    }
}

std::vector<Botan::X509_Certificate> read_certs(const std::string& path, const std::string& what) {
    return certs::parse_certificates(core::read_file(path, what), path);
}

// The chain to validate, from a file or the inventory (with its stored chain), then --chain. Returns the
// trust bundle a stored certificate was recorded with (empty for a file).
std::string read_target(Context& ctx, const VerifyOptions& o, certs::PathRequest& req) {
    std::string stored_bundle;
    std::optional<certs::Inventory> inventory;
    if (o.target.find('/') == std::string::npos && core::is_valid_name(o.target) && ctx.has_store()) {
        inventory.emplace(ctx.store(storage::Store::Access::read).db());
    }
    if (!certs::is_stored_target(inventory ? &*inventory : nullptr, o.target)) {
        req.chain = read_certs(o.target, "certificate file");  // a file may carry its chain after the certificate
    } else {
        const auto record = inventory->find(o.target);
        if (!record) {
            throw core::Error(core::Errc::not_found, "no such certificate or file", o.target,
                              "neither a file nor a certificate in the store", "see `certctl cert list`");
        }
        if (record->source == "tracked") {
            req.chain = read_certs(record->path, "tracked certificate file");
        } else {
            req.chain.emplace_back(record->der);
            if (!record->chain_pem.empty()) {
                const auto more = certs::parse_certificates(record->chain_pem, o.target + " (stored chain)");
                req.chain.insert(req.chain.end(), more.begin(), more.end());
            }
        }
        stored_bundle = record->trust_bundle;
    }
    if (!o.chain.empty()) {
        const auto more = read_certs(o.chain, "chain file");
        req.chain.insert(req.chain.end(), more.begin(), more.end());
    }
    return stored_bundle;
}

// The anchors: --trust-file, else --trust, else the stored certificate's bundle.
void read_anchors(Context& ctx, const VerifyOptions& o, const std::string& stored_bundle, certs::PathRequest& req) {
    const std::string bundle = o.trust.empty() ? stored_bundle : o.trust;
    if (!o.trust_file.empty()) {
        req.anchors = read_certs(o.trust_file, "trust file");
    } else if (!bundle.empty()) {
        req.anchors = trust::TrustStore(ctx.store(storage::Store::Access::read).db(), ctx.clock).anchors(bundle);
    } else {
        throw core::Error(core::Errc::usage, "no trust anchors", o.target, "nothing to validate the chain against",
                          "give --trust BUNDLE or --trust-file FILE");
    }
}

// Revocation, time, purpose, host name, profile and the policy inputs.
void set_rules(Context& ctx, const VerifyOptions& o, certs::PathRequest& req) {
    // Whatever the anchors' source, a revocation the store knows of is a reason (none without a store).
    req.revocation = &store_revocation_lookup(ctx);
    for (const std::string& crl : o.crls) {
        req.crls.push_back(read_crl(crl));
    }
    req.at = o.at.empty() ? ctx.clock.now() : core::parse_time(o.at, "--at");
    req.purpose = certs::find_purpose(o.purpose).name;
    req.hostname = o.hostname;
    req.allow_legacy_crypto = o.allow_legacy;
    req.profile = certs::parse_profile(o.profile.empty() ? ctx.config().get("validation.profile") : o.profile);
    for (const std::string& p : o.policies) {
        req.policy.initial_policies.insert(checked_policy_oid(p));
    }
    req.policy.require_explicit_policy = o.require_explicit_policy;
    req.policy.inhibit_policy_mapping = o.inhibit_policy_mapping;
    req.policy.inhibit_any_policy = o.inhibit_any_policy;
}

void print_result(Context& ctx, const VerifyOptions& o, const certs::PathRequest& req, const certs::PathResult& r) {
    nlohmann::json path = nlohmann::json::array();
    for (const auto& p : r.path) {
        path.push_back({{"subject", p.subject}, {"fingerprint", p.fingerprint}, {"not_after", p.not_after}});
    }
    const nlohmann::json doc = {{"valid", r.valid},
                                {"subject", certs::dn_string(req.chain.front().subject_dn())},
                                {"at", core::format_rfc3339(req.at)},
                                {"purpose", req.purpose},
                                {"profile", certs::profile_name(req.profile)},
                                {"hostname", o.hostname.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.hostname)},
                                {"anchor", r.anchor.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.anchor)},
                                {"path", path},
                                {"reasons", r.reasons},
                                {"reason_codes", r.codes},
                                {"policies", r.policies},
                                {"explicit_policy_required", r.explicit_policy_required},
                                {"notes", r.notes}};
    ctx.out.result(doc, [&](TextOut& os) {
        if (r.valid) {
            os << "valid: " << certs::dn_string(req.chain.front().subject_dn()) << ", anchored by \"" << r.anchor
               << "\"\n";
        } else {
            os << "not valid: " << certs::dn_string(req.chain.front().subject_dn()) << "\n";
            for (const auto& reason : r.reasons) {
                os << "  - " << reason << "\n";
            }
        }
        for (const auto& note : r.notes) {
            os << "note: " << note << "\n";
        }
    });
}

void verify_command(Context& ctx, const VerifyOptions& o) {
    if (!o.trust.empty() && !o.trust_file.empty()) {
        throw core::Error(core::Errc::usage, "conflicting options", "--trust/--trust-file",
                          "give one of them, not both");
    }
    certs::PathRequest req;
    const std::string stored_bundle = read_target(ctx, o, req);
    read_anchors(ctx, o, stored_bundle, req);
    set_rules(ctx, o, req);
    const certs::PathResult r = certs::validate_path(req);
    print_result(ctx, o, req, r);
    ctx.exit_code = r.valid ? k_exit_ok : k_exit_no;
}
}  // namespace

const certs::RevocationLookup& store_revocation_lookup(Context& ctx) {
    // The published master list of the CRL manager (mapped once per process); none without a store.
    static std::unique_ptr<certs::RevocationLookup> lookup;
    if (!lookup) {
        if (ctx.has_store()) {
            lookup = crl::make_revocation_lookup(ctx.paths());
        } else {
            lookup = std::make_unique<certs::NoRevocationData>();
        }
    }
    return *lookup;
}

void register_cert_verify_command(CLI::App& cert_group, Context& ctx) {
    auto o = std::make_shared<VerifyOptions>();
    CLI::App* verify =
        cert_group.add_subcommand("verify", "RFC 5280 path validation of a stored certificate or a file");
    skip_locked_pool_for(*verify);  // public keys only
    verify->add_option("NAME|FILE", o->target, "a certificate in the store, or a certificate file (chain may follow)")
        ->required();
    verify->add_option("--chain", o->chain, "intermediate certificates (PEM, DER or PKCS#7)");
    verify->add_option("--trust", o->trust, "trust bundle (default: the one the certificate was imported with)");
    verify->add_option("--trust-file", o->trust_file,
                       "trust anchors from a file; needs no store (a store's CRL master list still counts)");
    verify->add_option("--crl", o->crls, "CRL file (repeatable); the certificate then needs a CRL from its issuer");
    verify->add_option("--at", o->at, "validation time (RFC 3339 or YYYY-MM-DD; default now)");
    verify->add_option("--purpose", o->purpose, "any, tls-server, tls-client, peer, id-cert, code-signing, ca")
        ->capture_default_str()->check(CLI::IsMember(certs::purpose_names()));
    verify->add_option("--hostname", o->hostname,
                       "the name the certificate must be valid for (also when it is its own trust anchor)");
    verify
        ->add_option("--profile", o->profile,
                     "rfc5280: RFC 5280 to the letter; webpki: plus the CA/Browser Forum rules for TLS servers "
                     "(default: validation.profile, rfc5280)")
        ->check(CLI::IsMember(certs::profile_names()));
    verify->add_flag("--allow-legacy-crypto", o->allow_legacy,
                     "accept SHA-1 signatures and RSA keys of 1024 bits or more, the end entity's key included "
                     "(never MD5); said in the output");
    verify->add_option("--policy", o->policies,
                       "a certificate policy OID the path must be valid for (repeatable; RFC 5280 6.1 "
                       "user-initial-policy-set; default: any policy)");
    verify->add_flag("--require-explicit-policy", o->require_explicit_policy,
                     "every certificate of the path must carry a policy acceptable to the path (policy_required)");
    verify->add_flag("--inhibit-policy-mapping", o->inhibit_policy_mapping,
                     "policy mappings in the path are not followed");
    verify->add_flag("--inhibit-any-policy", o->inhibit_any_policy,
                     "anyPolicy in an intermediate does not stand for every policy");
    set_help(
        verify,
        "  0 valid   1 not valid (every reason printed)   64 bad option   65 unreadable certificate or CRL\n"
        "  66 no such certificate, file or bundle\n",
        {{"The lab CA verifies itself as a trust anchor file, no store needed:",
          "certctl cert verify ca.pem --trust-file ca.pem"},
         {"A stored certificate against the bundle it was imported with, for TLS under its name:",
          "certctl cert verify web01 --purpose tls-server --hostname web01.example.net"},
         {"A file and its anchor, as they will stand in 2040 (exit 1: expired by then):",
          "certctl cert verify web01.pem --trust-file ca.pem --at 2040-01-01"},
         {"Valid for this certificate policy, with an explicit policy required of every certificate:",
          "certctl cert verify web01.pem --trust-file ca.pem --policy 1.3.6.1.4.1.99999.1 --require-explicit-policy"}});
    on_run(verify, ctx, [&ctx, o] { verify_command(ctx, *o); });
}

}  // namespace certctl::cli
