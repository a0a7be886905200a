// cli/cmd_key.cpp — certctl key generate, import, list, show, export-public, delete.
#include "cli/cmd_key_output.h"
#include "cli/commands.h"
#include "cli/locked_pool.h"
#include "lib/ca/key_users.h"
#include "lib/core/file_io.h"
#include "lib/core/name.h"
#include "lib/core/wipe.h"
#include "lib/keys/key_json.h"
#include "lib/keys/key_store.h"

#include <filesystem>
#include <iostream>
#include <optional>

namespace certctl::cli {

namespace {
struct KeyOptions {
    std::string name;
    std::string file;
    std::string algorithm = keys::KeySpec::default_spec().to_string();
    std::string passphrase_file;
    std::string out;
    bool yes = false;
    bool force = false;
};

std::optional<std::string> passphrase_of(const KeyOptions& o) {
    if (o.passphrase_file.empty()) {
        return std::nullopt;
    }
    return keys::read_passphrase_file(o.passphrase_file);
}


std::string users_text(const keys::KeyUsers& users) {
    std::vector<std::string> all;
    for (const auto& c : users.csrs) {
        all.push_back("csr:" + c);
    }
    for (const auto& c : users.certificates) {
        all.push_back("cert:" + c);
    }
    for (const auto& c : users.cas) {
        all.push_back("ca:" + c);
    }
    return all.empty() ? "-" : join(all, ",");
}

keys::KeyInfo require_key(keys::KeyStore& store, const std::string& name) {
    core::check_name("key", name);
    auto info = store.find(name);
    if (!info) {
        throw core::Error(core::Errc::not_found, "no such key", name, "the store has no key by this name",
                          "see `certctl key list`");
    }
    return *info;
}

void generate_command(Context& ctx, const KeyOptions& o) {
    core::check_name("key", o.name);
    if (o.passphrase_file.empty()) {
        // The pool's set-up is a third of this command's CPU. A key stored without a passphrase goes to disk
        // in the clear and passes through ordinary memory as PEM text anyway, so the pool protects nothing
        // here; with a passphrase it keeps the plaintext key while it is encrypted.
        skip_locked_pool();
    }
    const keys::KeySpec spec = keys::KeySpec::parse(o.algorithm);
    auto passphrase = passphrase_of(o);
    const core::WipeOnExit wipe_passphrase(passphrase);
    keys::KeyStore store(ctx.store(storage::Store::Access::write), ctx.clock);
    const keys::KeyInfo info = store.generate_only(o.name, spec, passphrase);  // nothing here signs with it
    if (ctx.out.json()) {
        ctx.out.result(keys::key_json(info, {}), [](TextOut&) {});
    }
}

void import_command(Context& ctx, const KeyOptions& o) {
    core::check_name("key", o.name);
    std::string contents = core::read_secret_file(o.file, "key file", ctx.opts.insecure);
    const core::WipeOnExit wipe_contents(contents);
    auto passphrase = passphrase_of(o);
    const core::WipeOnExit wipe_passphrase(passphrase);
    keys::KeyStore store(ctx.store(storage::Store::Access::write), ctx.clock);
    const keys::KeyInfo info = store.import(o.name, contents, o.file, passphrase);
    if (ctx.out.json()) {
        ctx.out.result(keys::key_json(info, {}), [](TextOut&) {});
    }
}

void list_command(Context& ctx) {
    storage::Store& opened = ctx.store(storage::Store::Access::read);
    keys::KeyStore store(opened, ctx.clock);
    nlohmann::json doc = nlohmann::json::array();
    std::vector<std::vector<std::string>> rows;
    for (const keys::KeyInfo& k : store.list()) {
        const keys::KeyUsers users = ca::key_users(opened.db(), k.name);
        doc.push_back(keys::key_json(k, users));
        rows.push_back({k.name, k.algorithm, std::to_string(k.bits), k.encrypted ? "yes" : "no", k.created,
                        k.public_key_sha256.substr(0, 16), users_text(users)});
    }
    ctx.out.table(nlohmann::json{{"keys", doc}},
                  {"NAME", "ALGORITHM", "BITS", "ENCRYPTED", "CREATED", "PUBKEY SHA256", "USED BY"}, rows);
}

void show_command(Context& ctx, const KeyOptions& o) {
    keys::KeyStore store(ctx.store(storage::Store::Access::read), ctx.clock);
    const keys::KeyInfo k = require_key(store, o.name);
    const keys::KeyUsers users = ca::key_users(ctx.store(storage::Store::Access::read).db(), k.name);
    nlohmann::json doc = keys::key_json(k, users);
    doc["file"] = ctx.store(storage::Store::Access::read).paths().key_file(k.name).string();
    doc["public_key_pem"] = k.public_key_pem;
    ctx.out.fields(doc, {{"name", k.name},
                         {"algorithm", k.algorithm},
                         {"bits", std::to_string(k.bits)},
                         {"encrypted", k.encrypted ? "yes" : "no"},
                         {"created", k.created},
                         {"public key sha256", k.public_key_sha256},
                         {"file", doc["file"].get<std::string>()},
                         {"used by", users_text(users)}});
}

void export_public_command(Context& ctx, const KeyOptions& o) {
    keys::KeyStore store(ctx.store(storage::Store::Access::read), ctx.clock);
    const keys::KeyInfo k = require_key(store, o.name);
    pem_result(ctx.out, {{"name", k.name}, {"public_key_sha256", k.public_key_sha256}}, k.public_key_pem, o.out);
}

void delete_command(Context& ctx, const KeyOptions& o) {
    keys::KeyStore store(ctx.store(storage::Store::Access::write), ctx.clock);
    require_key(store, o.name);
    const keys::KeyUsers users = ca::key_users(ctx.store(storage::Store::Access::write).db(), o.name);
    // A CA without its key can never sign again: only --force. A certificate in service: --yes as before.
    if (!users.cas.empty() && !o.force) {
        throw core::Error(core::Errc::usage, "refusing to delete key", o.name,
                          "local CAs sign with it: " + join(users.cas, ", "),
                          "a CA without its key can never sign again; add --force if you really mean it (the file is "
                          "kept under keys/deleted/)");
    }
    if (!users.certificates.empty() && !o.yes && !o.force) {
        throw core::Error(core::Errc::usage, "refusing to delete key", o.name,
                          "certificates in service use it: " + join(users.certificates, ", "),
                          "take them out of service first, or add --yes if you really mean it (the file is kept "
                          "under keys/deleted/)");
    }
    std::optional<std::filesystem::path> kept;
    if (users.cas.empty() && users.certificates.empty()) {
        store.remove(o.name);
    } else {
        kept = store.retire(o.name);
        ctx.out.warning("deleted key " + o.name + " used by " + users_text(users) + "; the file is kept at " +
                        kept->string() + " (`certctl key import " + o.name + " " + kept->string() + "` restores it)");
    }
    if (ctx.out.json()) {
        ctx.out.result({{"name", o.name},
                        {"deleted", true},
                        {"used_by", {{"csrs", users.csrs}, {"certificates", users.certificates}, {"cas", users.cas}}},
                        {"kept_at", kept ? nlohmann::json(kept->string()) : nlohmann::json(nullptr)}},
                       [](TextOut&) {});
    }
}

CLI::Option* add_name(CLI::App* cmd, KeyOptions& o) {
    return cmd->add_option("NAME", o.name, "key name: [A-Za-z0-9][A-Za-z0-9._-]{0,63}")->required();
}

void add_passphrase(CLI::App* cmd, KeyOptions& o, const std::string& what) {
    cmd->add_option("--passphrase-file", o.passphrase_file, what)->type_name("FILE");
}
}  // namespace

// Long by design: the group's command tree as declarations only (each subcommand's options, help text,
// exit codes and examples, then its handler above), one block a subcommand in --help's order.
void register_key_commands(CLI::App& app, Context& ctx) {
    CLI::App* group = app.add_subcommand("key", "Private keys: generate, import, list, show, export-public, delete");
    set_help(group, "  see `certctl key VERB --help`\n", {});
    auto o = std::make_shared<KeyOptions>();

    CLI::App* gen = group->add_subcommand("generate", "Generate a private key into the store (keys/NAME.key, 0600)");
    add_name(gen, *o);
    gen->add_option("--algorithm", o->algorithm,
                    "rsa:N (N = 2048..4096, a multiple of 256), ec:secp256r1, "
                    "ec:secp384r1 or ec:secp521r1; curves also as P-256, prime256v1, "
                    "secp384r1, P-521, ... (normalised to ec:...)")
        ->capture_default_str()
        ->type_name("ALG");
    add_passphrase(gen, *o, "encrypt the key file with the passphrase on this file's first line");
    set_help(gen,
             "  0 generated   64 bad name, existing name or algorithm not allowed   65 passphrase file empty\n"
             "  66 passphrase file missing   73 cannot write the store   77 permission denied\n",
             {{"A P-256 key (the default) for a web server:", "certctl key generate web01"},
              {"An RSA key for a gateway that only speaks RSA:", "certctl key generate vpn-gw --algorithm rsa:3072"},
              {"A key encrypted with a passphrase read from a file:",
               "certctl key generate backup01 --algorithm ec:secp384r1 --passphrase-file <(echo 'correct horse')"}});
    on_run(gen, ctx, [&ctx, o] { generate_command(ctx, *o); });

    CLI::App* imp = group->add_subcommand("import", "Take an existing private key into the store");
    add_name(imp, *o);
    imp->add_option("FILE", o->file, "PKCS#8, PKCS#1 (RSA PRIVATE KEY) or SEC1 (EC PRIVATE KEY); PEM or DER")
        ->required();
    add_passphrase(imp, *o, "passphrase of an encrypted key; the stored copy is encrypted with it too");
    set_help(
        imp,
        "  0 imported   64 bad or existing name   65 not a key, unsupported algorithm, wrong or missing passphrase\n"
        "  66 file missing   73 cannot write the store   77 FILE readable by others (see --insecure)\n",
        {{"Import a key made by OpenSSL:", "certctl key import lab-ca ca.key"}});
    on_run(imp, ctx, [&ctx, o] { import_command(ctx, *o); });

    CLI::App* list = group->add_subcommand("list", "Keys in the store: algorithm, size, public key SHA-256, users");
    set_help(list, "  0 ok   66 no store yet\n",
             {{"Every key:", "certctl key list"}, {"For a script:", "certctl key list --json"}});
    on_run(list, ctx, [&ctx] { list_command(ctx); });

    CLI::App* show = group->add_subcommand("show", "One key: algorithm, size, public key SHA-256, file, users");
    add_name(show, *o);
    set_help(show, "  0 ok   64 bad name   66 no such key\n", {{"One key in detail:", "certctl key show web01"}});
    on_run(show, ctx, [&ctx, o] { show_command(ctx, *o); });

    CLI::App* exp = group->add_subcommand("export-public", "Write the public key (PEM) to stdout or --out");
    add_name(exp, *o);
    exp->add_option("--out", o->out, "write here instead of stdout (--json: {name, public_key_sha256, pem, path})")
        ->type_name("FILE");
    set_help(exp, "  0 ok   64 bad name   66 no such key   73 cannot write --out\n",
             {{"Public key to a file for a peer:", "certctl key export-public web01 --out web01.pub.pem"}});
    on_run(exp, ctx, [&ctx, o] { export_public_command(ctx, *o); });

    CLI::App* del = group->add_subcommand(
        "delete",
        "Delete a key (file and row). A key still in use is refused; forced, its file is kept under "
        "keys/deleted/NAME.<time>.key (0600) and the message says where");
    add_name(del, *o);
    del->add_flag("--yes", o->yes, "delete even while a certificate in service uses the key (file kept)");
    del->add_flag("--force", o->force, "delete even while a local CA signs with it (implies --yes; file kept)");
    set_help(del,
             "  0 deleted   64 bad name, a certificate in service uses it (without --yes or --force), or a local CA\n"
             "  signs with it (without --force)   66 no such key   73 cannot write the store   77 permission denied\n",
             {{"Delete a key nothing uses any more:", "certctl key delete backup01"}});
    on_run(del, ctx, [&ctx, o] { delete_command(ctx, *o); });
}

}  // namespace certctl::cli
