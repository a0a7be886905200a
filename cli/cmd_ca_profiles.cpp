// cli/cmd_ca_profiles.cpp — certctl ca profiles, and where profiles come from.
#include "cli/cmd_ca.h"

#include <filesystem>

namespace certctl::cli {

ca::ProfileSet load_ca_profiles(Context& ctx, const std::string& profiles_file) {
    ca::ProfileSet set;
    const std::filesystem::path in_store = ctx.paths().root() / "ca-profiles.toml";
    std::error_code ec;
    if (std::filesystem::exists(in_store, ec)) {
        set.load_file(in_store);
    }
    if (!profiles_file.empty()) {
        set.load_file(profiles_file);
    }
    return set;
}

void add_profiles_option(CLI::App* cmd, std::string& file) {
    cmd->add_option("--profiles", file,
                    "TOML file of custom profiles (added to the built-ins and <store>/ca-profiles.toml)");
}

namespace {
std::string join_or_dash(const std::vector<std::string>& items) { return items.empty() ? "-" : join(items, ","); }

void profiles_command(Context& ctx, const std::string& file) {
    const ca::ProfileSet set = load_ca_profiles(ctx, file);
    nlohmann::json list = nlohmann::json::array();
    std::vector<std::vector<std::string>> rows;
    for (const ca::Profile& p : set.all()) {
        list.push_back({{"name", p.name},
                        {"description", p.description},
                        {"origin", set.origin(p.name)},
                        {"typical_issuer", p.typical_issuer},
                        {"ca", p.ca},
                        {"path_len", p.path_len ? nlohmann::json(*p.path_len) : nlohmann::json(nullptr)},
                        {"key_usage", p.key_usage},
                        {"key_usage_rsa", p.key_usage_rsa},
                        {"extended_key_usage", p.extended_key_usage},
                        {"default_days", p.default_days},
                        {"max_days", p.max_days},
                        {"key_types", p.key_types},
                        {"min_rsa_bits", p.min_rsa_bits},
                        {"san", ca::san_rule_name(p.san)},
                        {"crl_distribution_point", p.crl_distribution_point},
                        {"authority_info_access", p.authority_info_access},
                        {"self_signed", p.self_signed},
                        {"hash", p.hash}});
        std::string ku = join(p.key_usage, ",");
        if (!p.key_usage_rsa.empty()) {
            ku += " (+" + join(p.key_usage_rsa, ",") + " for RSA)";
        }
        rows.push_back({p.name, p.ca ? "yes" : "no", p.path_len ? std::to_string(*p.path_len) : "-", ku,
                        join_or_dash(p.extended_key_usage), std::to_string(p.default_days), ca::san_rule_name(p.san),
                        p.typical_issuer});
    }
    ctx.out.table(nlohmann::json{{"profiles", list}},
                  {"NAME", "CA", "PATHLEN", "KEY USAGE", "EKU", "DAYS", "SAN", "ISSUER"}, rows);
}
}  // namespace

void register_ca_profiles(CLI::App& group, Context& ctx) {
    auto file = std::make_shared<std::string>();
    CLI::App* cmd = group.add_subcommand("profiles", "List the issuance profiles (built-in and custom)");
    add_profiles_option(cmd, *file);
    set_help(cmd, "  0 ok   64 bad option   65 invalid profile file   66 profile file not found\n",
             {{"The built-in profiles:", "certctl ca profiles"},
              {"Everything each profile sets, for a script:", "certctl ca profiles --json"}});
    on_run(cmd, ctx, [&ctx, file] { profiles_command(ctx, *file); });
}

}  // namespace certctl::cli
