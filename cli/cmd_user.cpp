// cli/cmd_user.cpp — certctl user add, list, remove, passwd, revoke-tokens: the REST API's users.
#include "cli/commands.h"
#include "lib/auth/password.h"
#include "lib/auth/token_store.h"
#include "lib/auth/user_store.h"

namespace certctl::cli {

namespace {
struct UserOptions {
    std::string name;
    std::string role;
    std::string password_file;
};

nlohmann::json user_json(const auth::UserInfo& u) {
    return {{"name", u.name},
            {"role", u.role},
            {"created", u.created},
            {"password_changed", u.password_changed},
            {"active_tokens", u.active_tokens}};
}

auth::UserStore users(Context& ctx, storage::Store::Access access) {
    return auth::UserStore(ctx.store(access).db(), ctx.clock);
}

void add_command(Context& ctx, const UserOptions& o) {
    const std::string password = auth::read_password_file(o.password_file);
    const auth::UserInfo u = users(ctx, storage::Store::Access::write).add(o.name, o.role, password);
    if (ctx.out.json()) {
        ctx.out.result(user_json(u), [](TextOut&) {});
    }
}

void list_command(Context& ctx) {
    nlohmann::json doc = nlohmann::json::array();
    std::vector<std::vector<std::string>> rows;
    for (const auth::UserInfo& u : users(ctx, storage::Store::Access::read).list()) {
        doc.push_back(user_json(u));
        rows.push_back({u.name, u.role, std::to_string(u.active_tokens), u.password_changed, u.created});
    }
    ctx.out.table(nlohmann::json{{"users", doc}}, {"NAME", "ROLE", "TOKENS", "PASSWORD CHANGED", "CREATED"}, rows);
}

void passwd_command(Context& ctx, const UserOptions& o) {
    const std::string password = auth::read_password_file(o.password_file);
    users(ctx, storage::Store::Access::write).set_password(o.name, password);
}

void revoke_command(Context& ctx, const UserOptions& o) {
    storage::Store& store = ctx.store(storage::Store::Access::write);
    const std::size_t revoked = auth::TokenStore(store.db(), ctx.clock).revoke_user(o.name);
    ctx.out.result(nlohmann::json{{"name", o.name}, {"tokens_revoked", revoked}},
                   [&](TextOut& os) { os << "revoked " << revoked << " token(s) of " << o.name << "\n"; });
}

CLI::Option* add_name(CLI::App* cmd, UserOptions& o) {
    return cmd->add_option("NAME", o.name, "user name: [A-Za-z0-9][A-Za-z0-9._-]{0,63}")->required();
}

CLI::Option* add_password_file(CLI::App* cmd, UserOptions& o) {
    return cmd
        ->add_option("--password-file", o.password_file,
                     "the password on this file's first line (at least 12 characters)")
        ->type_name("FILE")
        ->required();
}
}  // namespace

void register_user_commands(CLI::App& app, Context& ctx) {
    CLI::App* group = app.add_subcommand("user", "REST API users: add, list, remove, passwd, revoke-tokens");
    set_help(group, "  see `certctl user VERB --help`\n", {});
    auto o = std::make_shared<UserOptions>();

    CLI::App* add = group->add_subcommand("add", "Add an API user with a role and an Argon2id password hash");
    add_name(add, *o);
    add->add_option("--role", o->role, "admin (also users), operator (also keys, CSRs, certificates) or read-only")
        ->required()
        ->check(CLI::IsMember({"admin", "operator", "read-only"}));
    add_password_file(add, *o);
    set_help(add,
             "  0 added   64 bad name, existing user, unknown role, password under 12 characters\n"
             "  65 password file empty   66 password file missing   73 cannot write the store\n",
             {{"An operator for the provisioning scripts:",
               "certctl user add provisioner --role operator --password-file <(echo 'a long enough secret')"}});
    on_run(add, ctx, [&ctx, o] { add_command(ctx, *o); });

    CLI::App* list = group->add_subcommand("list", "API users: role, active tokens, when the password changed");
    set_help(list, "  0 ok   66 no store yet\n",
             {{"Every user:", "certctl user list"}, {"For a script:", "certctl user list --json"}});
    on_run(list, ctx, [&ctx] { list_command(ctx); });

    CLI::App* passwd = group->add_subcommand("passwd", "Set a new password; the user's tokens are revoked");
    add_name(passwd, *o);
    add_password_file(passwd, *o);
    set_help(passwd,
             "  0 changed   64 bad name, password under 12 characters   65 password file empty\n"
             "  66 no such user, password file missing   73 cannot write the store\n",
             {{"Rotate a password:", "certctl user passwd provisioner --password-file <(echo 'another long secret')"}});
    on_run(passwd, ctx, [&ctx, o] { passwd_command(ctx, *o); });

    CLI::App* revoke = group->add_subcommand("revoke-tokens", "Revoke every bearer token of a user at once");
    add_name(revoke, *o);
    set_help(revoke, "  0 revoked (prints how many were valid)   64 bad name   66 no such user\n",
             {{"A token may have leaked:", "certctl user revoke-tokens provisioner"}});
    on_run(revoke, ctx, [&ctx, o] { revoke_command(ctx, *o); });

    CLI::App* remove = group->add_subcommand("remove", "Remove an API user and every token of theirs");
    add_name(remove, *o);
    set_help(remove, "  0 removed   64 bad name   66 no such user   73 cannot write the store\n",
             {{"A user who left:", "certctl user remove provisioner"}});
    on_run(remove, ctx, [&ctx, o] { users(ctx, storage::Store::Access::write).remove(o->name); });
}

}  // namespace certctl::cli
