// cli/cmd_csr.cpp — certctl csr create, list, show, export.
#include "cli/cmd_key_output.h"
#include "cli/commands.h"
#include "cli/locked_pool.h"
#include "lib/core/file_io.h"
#include "lib/core/name.h"
#include "lib/csr/csr_json.h"
#include "lib/csr/csr_store.h"
#include "lib/keys/key_store.h"

#include <iostream>

namespace certctl::cli {

namespace {
struct CsrOptions {
    std::string name;
    std::string key;
    std::string algorithm;
    std::string passphrase_file;
    csr::Subject subject;
    std::vector<std::string> dns;
    std::vector<std::string> ip;
    long validity_days = 0;
    std::string out;
};



void create_command(Context& ctx, const CsrOptions& o, const CLI::App* cmd) {
    csr::CreateParams p;
    p.name = o.name;
    if (!o.key.empty()) {
        p.key_name = o.key;
    }
    p.algorithm = o.algorithm;
    if (!o.passphrase_file.empty()) {
        p.passphrase_file = o.passphrase_file;
    }
    p.subject = o.subject;
    p.sans.dns = o.dns;
    p.sans.ip = o.ip;
    if (cmd->count("--validity-days") > 0) {
        p.validity_days = o.validity_days;
    }
    if (!o.out.empty()) {
        p.out = o.out;
    }
    csr::CsrStore store(ctx.store(storage::Store::Access::write), ctx.clock);
    const csr::CsrInfo info = store.create(p);
    if (info.key_generated) {
        ctx.out.info("generated key " + info.key_name + " (" + info.key_algorithm + ")");
    }
    nlohmann::json doc = csr::info_json(info);
    doc["key_generated"] = info.key_generated;
    doc["pem"] = info.pem;
    if (ctx.out.json()) {
        ctx.out.result(doc, [](TextOut&) {});
    } else if (o.out.empty()) {
        ctx.out.raw(info.pem);
    }
}

void list_command(Context& ctx) {
    csr::CsrStore store(ctx.store(storage::Store::Access::read), ctx.clock);
    nlohmann::json doc = nlohmann::json::array();
    std::vector<std::vector<std::string>> rows;
    for (const csr::CsrInfo& c : store.list()) {
        doc.push_back(csr::info_json(c));
        rows.push_back({c.name, c.key_name, c.subject, c.sans.to_string().empty() ? "-" : c.sans.to_string(),
                        c.validity_days ? std::to_string(*c.validity_days) : "-", c.created});
    }
    ctx.out.table(nlohmann::json{{"csrs", doc}}, {"NAME", "KEY", "SUBJECT", "SANS", "DAYS", "CREATED"}, rows);
}

nlohmann::json request_json(const csr::Request& r, const std::optional<csr::CsrInfo>& stored,
                            const std::string& key_name) {
    nlohmann::json extensions = nlohmann::json::array();
    for (const csr::RequestExtension& e : r.extensions) {
        extensions.push_back({{"oid", e.oid}, {"critical", e.critical}});
    }
    const auto or_null = [](bool has, const std::string& value) {
        return has ? nlohmann::json(value) : nlohmann::json(nullptr);
    };
    return {{"name", or_null(stored.has_value(), stored ? stored->name : "")},
            {"source", stored ? "store" : "file"},
            {"subject", r.subject_text},
            {"subject_fields", r.subject.to_json()},
            {"sans", r.sans.to_json()},
            {"validity_days", csr::days_json(r.validity_days)},
            {"key_name", or_null(!key_name.empty(), key_name)},
            {"key_algorithm", r.key_algorithm},
            {"key_bits", r.key_bits},
            {"public_key_sha256", r.public_key_sha256},
            {"signature_algorithm", r.signature_algorithm},
            {"signature_valid", r.signature_valid},
            {"extensions", extensions},
            {"created", or_null(stored.has_value(), stored ? stored->created : "")}};
}

std::vector<std::pair<std::string, std::string>> request_rows(const csr::Request& r, const std::string& key_name) {
    std::vector<std::string> ext_text;
    for (const csr::RequestExtension& e : r.extensions) {
        ext_text.push_back(e.oid + (e.critical ? " (critical)" : ""));
    }
    return {{"subject", r.subject_text},
            {"sans", r.sans.to_string().empty() ? "-" : r.sans.to_string()},
            {"requested validity", r.validity_days ? std::to_string(*r.validity_days) + " days" : "-"},
            {"key", (key_name.empty() ? "" : key_name + " ") + "(" + r.key_algorithm + ")"},
            {"public key sha256", r.public_key_sha256},
            {"signature", std::string(r.signature_valid ? "valid" : "INVALID") + " (" + r.signature_algorithm + ")"},
            {"extensions", ext_text.empty() ? "-" : join(ext_text, ", ")}};
}

// NAME of a stored CSR first, else a file path. A file's key is found by its public key, if the store has it.
void show_command(Context& ctx, const CsrOptions& o) {
    std::optional<csr::CsrInfo> stored;
    if (core::is_valid_name(o.name) && ctx.has_store()) {
        stored = csr::CsrStore(ctx.store(storage::Store::Access::read), ctx.clock).find(o.name);
    }
    std::error_code ec;
    if (!stored && !std::filesystem::exists(o.name, ec)) {
        throw core::Error(core::Errc::not_found, "no such CSR", o.name, "neither a stored CSR nor a file",
                          "see `certctl csr list`, or give the path of a CSR file");
    }
    const csr::Request r =
        csr::parse_request(stored ? stored->pem : core::read_file(o.name, "certificate request"), o.name);
    std::string key_name = stored ? stored->key_name : "";
    if (!stored && ctx.has_store()) {
        for (const keys::KeyInfo& k : keys::KeyStore(ctx.store(storage::Store::Access::read), ctx.clock).list()) {
            if (k.public_key_sha256 == r.public_key_sha256) {
                key_name = k.name;
            }
        }
    }
    ctx.out.fields(request_json(r, stored, key_name), request_rows(r, key_name));
    if (!r.signature_valid) {
        throw core::Error(core::Errc::bad_input, "bad certificate request", o.name,
                          "the signature does not verify with the request's own public key",
                          "the request was altered or damaged; ask for a fresh one");
    }
}

void export_command(Context& ctx, const CsrOptions& o) {
    csr::CsrStore store(ctx.store(storage::Store::Access::read), ctx.clock);
    pem_result(ctx.out, {{"name", o.name}}, store.export_pem(o.name), o.out);
}
}  // namespace

// Long by design: the group's command tree as declarations only (each subcommand's options, help text,
// exit codes and examples, then its handler above), one block a subcommand in --help's order.
void register_csr_commands(CLI::App& app, Context& ctx) {
    CLI::App* group = app.add_subcommand("csr", "Certificate signing requests (PKCS#10): create, list, show, export");
    set_help(group, "  see `certctl csr VERB --help`\n", {});
    auto o = std::make_shared<CsrOptions>();

    CLI::App* create =
        group->add_subcommand("create", "Create a CSR signed by a key of the store; PEM to stdout or --out");
    create->add_option("NAME", o->name, "CSR name: [A-Za-z0-9][A-Za-z0-9._-]{0,63}")->required();
    create->add_option("--key", o->key, "key to sign with (default: the key called NAME, generated if missing)")
        ->type_name("KEY");
    create->add_option("--algorithm", o->algorithm, "algorithm of a key generated on the fly (default ec:secp256r1)")
        ->type_name("ALG");
    create->add_option("--passphrase-file", o->passphrase_file,
                       "passphrase of an encrypted key (or to encrypt the key generated on the fly)")
        ->type_name("FILE");
    CLI::Option_group* subject = create->add_option_group("Subject");
    subject->add_option("--cn", o->subject.common_name, "common name (required, not empty)");
    subject->add_option("--country", o->subject.country, "C: two letters, e.g. DE");
    subject->add_option("--state", o->subject.state, "ST");
    subject->add_option("--locality", o->subject.locality, "L");
    subject->add_option("--org", o->subject.organization, "O");
    subject->add_option("--org-unit", o->subject.org_unit, "OU");
    subject->add_option("--email", o->subject.email, "emailAddress (also put in the SANs)");
    CLI::Option_group* sans = create->add_option_group("Subject alternative names");
    sans->add_option("--dns", o->dns, "DNS name (repeat for more; *.example.net allowed)")->type_name("NAME");
    sans->add_option("--ip", o->ip, "IPv4 or IPv6 address (repeat for more)")->type_name("ADDR");
    create->add_option("--validity-days", o->validity_days,
                       "requested validity in days (1-36500), carried in extension "
                       "2.25.279870610414058052254078412522873475379")
        ->type_name("N");
    create->add_option("--out", o->out, "write the PEM here instead of stdout")->type_name("FILE");
    set_help(create,
             "  0 created   64 bad name, existing CSR, empty CN, bad country/DNS/IP/days, algorithm not allowed\n"
             "  65 wrong passphrase, passphrase file empty   66 --key or passphrase file missing\n"
             "  73 cannot write the store or --out   77 permission denied\n",
             {{"A CSR for a web server (makes key web01 if there is none), written to web01.csr:",
               "certctl csr create web01 --cn web01.example.net --org 'Example GmbH' --country DE "
               "--dns web01.example.net --dns www.example.net --ip 192.0.2.10 --validity-days 365 --out web01.csr"},
              {"A CSR for an existing RSA key, PEM on stdout:",
               "certctl csr create vpn-gw-2026 --key vpn-gw --cn vpn.example.net --dns vpn.example.net"}});
    on_run(create, ctx, [&ctx, o, create] { create_command(ctx, *o, create); });

    CLI::App* list = group->add_subcommand("list", "CSRs in the store: key, subject, SANs, requested validity");
    set_help(list, "  0 ok   66 no store yet\n",
             {{"Every CSR:", "certctl csr list"}, {"For a script:", "certctl csr list --json"}});
    on_run(list, ctx, [&ctx] { list_command(ctx); });

    CLI::App* show =
        group->add_subcommand("show", "One CSR (stored, or a file): subject, SANs, key, validity, signature");
    skip_locked_pool_for(*show);  // a CSR holds a public key only
    show->add_option("NAME", o->name, "name of a stored CSR, or path of a CSR file (PEM or DER)")->required();
    set_help(show, "  0 ok   65 not a CSR, or its signature does not verify   66 no such CSR or file\n",
             {{"A stored CSR:", "certctl csr show web01"},
              {"A CSR file from elsewhere, as JSON:", "certctl csr show web01.csr --json"}});
    on_run(show, ctx, [&ctx, o] { show_command(ctx, *o); });

    CLI::App* exp = group->add_subcommand("export", "Write a stored CSR (PEM) to stdout or --out");
    exp->add_option("NAME", o->name, "CSR name")->required();
    exp->add_option("--out", o->out, "write here instead of stdout (--json: {name, pem, path})")->type_name("FILE");
    set_help(exp, "  0 ok   64 bad name   66 no such CSR   73 cannot write --out\n",
             {{"Send the request to a CA:", "certctl csr export web01 --out web01-request.pem"}});
    on_run(exp, ctx, [&ctx, o] { export_command(ctx, *o); });
}

}  // namespace certctl::cli
