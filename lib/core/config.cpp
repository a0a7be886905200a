// lib/core/config.cpp — the settings table and the TOML loader (toml++).
#include "lib/core/config.h"

#include "lib/core/duration.h"
#include "lib/core/error.h"
#include "lib/core/file_io.h"

#include <sstream>
#include <toml++/toml.h>

namespace certctl::core {

namespace {
using Kind = ConfigEntry::Kind;
const std::vector<ConfigEntry> k_entries = {
    {"validation.mode", "strict", Kind::choice, "strict|warn",
     "cert import: refuse on any finding, or import and warn"},
    {"validation.profile", "rfc5280", Kind::choice, "rfc5280|webpki",
     "cert verify/import: RFC 5280 rules, or those plus the CA/Browser Forum TLS rules"},
    {"alarms.minor", "30d", Kind::duration, "", "minor alarm when a certificate expires within this"},
    {"alarms.major", "7d", Kind::duration, "", "major alarm when a certificate expires within this"},
    {"policy.default", "fail-soft", Kind::choice, "fail-soft|fail-hard", "what a critical certificate triggers"},
    {"policy.action_timeout", "30s", Kind::duration, "", "time limit for a fail-hard action command"},
    {"policy.notify_command", "", Kind::text, "", "command run with each alarm as JSON on stdin"},
    {"crl.polling_interval", "24h", Kind::duration, "", "default time between fetches of a CRL source"},
    {"crl.backoff_interval", "60s", Kind::duration, "", "default wait before retrying a failed source"},
    {"crl.connect_timeout", "10s", Kind::duration, "", "CRL fetch: time allowed to connect"},
    {"crl.total_timeout", "120s", Kind::duration, "", "CRL fetch: time allowed for the whole transfer"},
    {"crl.max_size", "256MiB", Kind::size, "", "CRL fetch: largest body accepted"},
    {"crl.clock_skew", "5m", Kind::duration, "", "how far in the future a CRL's thisUpdate may be"},
    {"crl.proxy", "", Kind::text, "", "proxy URL for CRL fetches (empty: the environment's, if any)"},
    {"crl.ca_file", "", Kind::text, "", "CA file for https CRL sources (empty: the system bundle)"},
    {"ca.crl_next_update", "7d", Kind::duration, "", "nextUpdate of CRLs published by the local CA"},
    {"watch.recheck_interval", "1h", Kind::duration, "", "how often `watch` re-evaluates every certificate"},
};

void check_value(const ConfigEntry& entry, const std::string& value, const std::string& origin) {
    try {
        switch (entry.kind) {
            case Kind::duration: parse_duration(value, entry.key); break;
            case Kind::size: parse_size(value, entry.key); break;
            case Kind::choice: {
                const std::string choices = std::string("|") + entry.choices + "|";
                if (choices.find("|" + value + "|") == std::string::npos) {
                    throw Error(Errc::usage, "", "", "must be one of " + std::string(entry.choices));
                }
                break;
            }
            case Kind::text: break;
        }
    } catch (const Error& e) {
        throw Error(Errc::bad_input, "invalid configuration", origin, std::string(entry.key) + " = \"" + value + "\": " + e.why(),
                    e.hint().empty() ? "fix the value or remove it to use the default" : e.hint());
    }
}
}  // namespace

const std::vector<ConfigEntry>& config_entries() { return k_entries; }

Config::Config() {
    for (const ConfigEntry& e : k_entries) {
        m_values[e.key] = Value{e.default_value, "default"};
    }
}

Config Config::load(const std::filesystem::path& file, bool must_exist) {
    Config config;
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) {
        if (must_exist) {
            throw Error(Errc::not_found, "cannot read configuration", file.string(), "no such file",
                        "check --config or CERTCTL_CONFIG");
        }
        return config;
    }
    config.m_file = file;
    const std::string text = read_file(file, "configuration", 1 << 20);
    toml::table table;
    try {
        table = toml::parse(text, file.string());
    } catch (const toml::parse_error& e) {
        std::ostringstream where;
        where << file.string() << ":" << e.source().begin.line;
        throw Error(Errc::bad_input, "invalid configuration", where.str(), std::string(e.description()),
                    "fix the TOML syntax");
    }
    for (const auto& [section, node] : table) {
        const toml::table* inner = node.as_table();
        if (inner == nullptr) {
            throw Error(Errc::bad_input, "invalid configuration", file.string(),
                        "top-level key '" + std::string(section.str()) + "' is not a [section]",
                        "see `certctl config show` for the known settings");
        }
        for (const auto& [name, value] : *inner) {
            const std::string key = std::string(section.str()) + "." + std::string(name.str());
            const auto row = config.m_values.find(key);
            if (row == config.m_values.end()) {
                throw Error(Errc::bad_input, "invalid configuration", file.string(), "unknown setting '" + key + "'",
                            "see `certctl config show` for the known settings");
            }
            std::string text_value;
            if (const auto s = value.value<std::string>(); s && value.is_string()) {
                text_value = *s;
            } else if (const auto i = value.value<std::int64_t>(); i && value.is_integer()) {
                text_value = std::to_string(*i);
            } else if (const auto b = value.value<bool>(); b && value.is_boolean()) {
                text_value = *b ? "true" : "false";
            } else {
                throw Error(Errc::bad_input, "invalid configuration", file.string(),
                            "'" + key + "' must be a string or a number");
            }
            for (const ConfigEntry& e : k_entries) {
                if (key == e.key) {
                    check_value(e, text_value, file.string());
                }
            }
            row->second = Value{text_value, file.string()};
        }
    }
    return config;
}

const std::string& Config::get(const std::string& key) const {
    const auto it = m_values.find(key);
    if (it == m_values.end()) {
        throw Error(Errc::internal, "unknown configuration key", key, "not in the settings table");
    }
    return it->second.value;
}

Seconds Config::get_duration(const std::string& key) const { return parse_duration(get(key), key); }

std::uint64_t Config::get_size(const std::string& key) const { return parse_size(get(key), key); }

}  // namespace certctl::core
