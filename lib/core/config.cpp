// lib/core/config.cpp — the settings table and the TOML loader (toml++).
#include "lib/core/config.h"

#include "lib/core/duration.h"
#include "lib/core/error.h"
#include "lib/core/file_io.h"

#include <toml++/toml.h>
#include <cctype>
#include <optional>
#include <sstream>

namespace certctl::core {

namespace {
using Kind = ConfigEntry::Kind;
constexpr std::uint64_t k_minute = 60, k_hour = 3600, k_day = 86400, k_year = 365 * k_day;
constexpr std::uint64_t k_kib = 1024, k_gib = 1024 * 1024 * 1024;
const std::vector<ConfigEntry> k_entries = {
    {"validation.mode", "strict", Kind::choice, "strict|warn",
     "cert import: refuse on any finding, or import and warn"},
    {"validation.profile", "rfc5280", Kind::choice, "rfc5280|webpki",
     "cert verify/import: RFC 5280 rules, or those plus the CA/Browser Forum TLS rules"},
    {"alarms.minor", "30d", Kind::duration, "", "minor alarm when a certificate expires within this", 1, 5 * k_year},
    {"alarms.major", "7d", Kind::duration, "", "major alarm when a certificate expires within this", 1, 5 * k_year},
    {"policy.default", "fail-soft", Kind::choice, "fail-soft|fail-hard", "what a critical certificate triggers"},
    {"policy.action_timeout", "30s", Kind::duration, "", "time limit for a fail-hard action command", 1, k_day},
    {"policy.notify_command", "", Kind::text, "", "command run with each alarm as JSON on stdin"},
    {"crl.polling_interval", "24h", Kind::duration, "", "default time between fetches of a CRL source", 1, k_year},
    {"crl.backoff_interval", "60s", Kind::duration, "", "default wait before retrying a failed source", 1, 7 * k_day},
    {"crl.connect_timeout", "10s", Kind::duration, "", "CRL fetch: time allowed to connect", 1, 10 * k_minute},
    {"crl.total_timeout", "120s", Kind::duration, "", "CRL fetch: time allowed for the whole transfer", 1, k_day},
    {"crl.max_size", "256MiB", Kind::size, "", "CRL fetch: largest body accepted", k_kib, 4 * k_gib},
    {"crl.clock_skew", "5m", Kind::duration, "", "how far in the future a CRL's thisUpdate may be", 0, k_day},
    {"crl.proxy", "", Kind::text, "", "proxy URL for CRL fetches (empty: the environment's, if any)"},
    {"crl.ca_file", "", Kind::text, "", "CA file for https CRL sources (empty: the system bundle)"},
    {"crl.master_list", "publish", Kind::choice, "publish|on-demand",
     "after every change: the merged master.idx and master.csv, or one index per source (`crl master` merges)"},
    {"ca.crl_next_update", "7d", Kind::duration, "", "nextUpdate of CRLs published by the local CA", k_hour, k_year},
    {"hooks.on_change", "", Kind::text, "",
     "command run after any certificate is imported, renewed or replaced (besides its own `cert hook`)"},
    {"hooks.timeout", "60s", Kind::duration, "", "time limit for an on-change hook", 1, k_hour},
    {"hooks.retry_initial", "5m", Kind::duration, "",
     "watch: wait before retrying a failed deploy or hook; doubled after each further failure", 1, k_day},
    {"hooks.retry_max", "1h", Kind::duration, "", "watch: longest wait between retries of a failed deploy or hook",
     1, 7 * k_day},
    {"renewal.auto", "on", Kind::choice, "on|off", "watch: renew certificates of local CAs in their renewal window"},
    {"renewal.renew_before", "0s", Kind::duration, "",
     "renew this long before notAfter; 0s: a third of the lifetime, at least 24h before alarms.major", 0, 5 * k_year},
    {"renewal.retry_initial", "5m", Kind::duration, "",
     "watch: wait before retrying a failed automatic renewal; doubled after each further failure", 1, k_day},
    {"renewal.retry_max", "6h", Kind::duration, "", "watch: longest wait between retries of a failed renewal", 1,
     7 * k_day},
    {"watch.recheck_interval", "1h", Kind::duration, "", "how often `watch` re-evaluates every certificate", 1,
     7 * k_day},
    {"api.token_lifetime", "1h", Kind::duration, "", "serve: how long a bearer token from /api/v1/login is valid", 1,
     k_year},
    {"api.max_body", "1MiB", Kind::size, "", "serve: largest request body accepted (larger: 413)", k_kib, k_gib},
    {"api.idle_timeout", "30s", Kind::duration, "", "serve: how long an idle keep-alive connection stays open", 1,
     k_hour},
    {"api.request_timeout", "60s", Kind::duration, "",
     "serve: a request's body must arrive within this long of its headers (slow clients are cut off)", 1, k_hour},
    {"api.store_wait", "5s", Kind::duration, "", "serve: how long a request waits for a busy store (then 503)", 0,
     k_hour},
};

Error invalid(const std::string& origin, const std::string& why, const std::string& hint) {
    return Error(Errc::bad_input, "invalid configuration", origin, why,
                 hint.empty() ? "fix the value or remove it to use the default" : hint);
}

std::string range_text(const ConfigEntry& entry) {
    if (entry.kind == Kind::size) {
        return "from " + std::to_string(entry.min) + " bytes to " + std::to_string(entry.max / k_gib) + "GiB";
    }
    return "from " + format_duration(Seconds(static_cast<Seconds::rep>(entry.min))) + " to " +
           format_duration(Seconds(static_cast<Seconds::rep>(entry.max)));
}

void check_value(const ConfigEntry& entry, const std::string& value, const std::string& origin) {
    const std::string what = std::string(entry.key) + " = \"" + value + "\": ";
    std::uint64_t amount = 0;
    try {
        switch (entry.kind) {
            case Kind::duration:
                if (value.empty() || std::isdigit(static_cast<unsigned char>(value.back())) != 0) {
                    throw invalid(origin, what + "a duration needs its unit",
                                  "write it with a unit: 90s, 15m, 24h, 30d, 2w or 1y");
                }
                amount = static_cast<std::uint64_t>(parse_duration(value, entry.key).count());
                break;
            case Kind::size:
                amount = parse_size(value, entry.key);
                break;
            case Kind::choice: {
                const std::string choices = std::string("|") + entry.choices + "|";
                if (choices.find("|" + value + "|") == std::string::npos) {
                    throw invalid(origin, what + "must be one of " + std::string(entry.choices), "");
                }
                return;
            }
            case Kind::text:
                return;
        }
    } catch (const Error& e) {
        if (e.code() == Errc::bad_input) {
            throw;
        }
        throw invalid(origin, what + e.why(), e.hint());
    }
    if (amount < entry.min || amount > entry.max) {
        throw invalid(origin, what + "out of range (" + range_text(entry) + ")", "");
    }
}

// The TOML value as text, if its type is one the row accepts.
std::optional<std::string> typed_text(const ConfigEntry& entry, const toml::node& value) {
    if (const auto s = value.value<std::string>(); s && value.is_string()) {
        return *s;
    }
    if (entry.kind == Kind::size && value.is_integer()) {
        return std::to_string(*value.value<std::int64_t>());
    }
    return std::nullopt;
}

std::string expected_type(const ConfigEntry& entry) {
    switch (entry.kind) {
        case Kind::duration:
            return "a string with a unit, e.g. \"30d\"";
        case Kind::size:
            return "a string such as \"256MiB\" or a number of bytes";
        case Kind::choice:
            return std::string("one of the strings ") + entry.choices;
        case Kind::text:
            break;
    }
    return "a string";
}

// Rules between settings: checked once the whole file is read.
void check_relations(const Config& config, const std::string& origin) {
    if (config.get_duration("alarms.minor") < config.get_duration("alarms.major")) {
        throw invalid(origin,
                      "alarms.minor (" + config.get("alarms.minor") + ") is shorter than alarms.major (" +
                          config.get("alarms.major") + "): a certificate would be major before it is minor",
                      "make alarms.minor at least as long as alarms.major");
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
            for (const ConfigEntry& e : k_entries) {
                if (key != e.key) {
                    continue;
                }
                const std::optional<std::string> text_value = typed_text(e, value);
                if (!text_value) {
                    std::ostringstream shown;
                    value.visit([&shown](const auto& v) { shown << v; });
                    throw invalid(file.string(), key + " = " + shown.str() + ": must be " + expected_type(e),
                                  value.is_integer() && e.kind == Kind::duration
                                      ? "a duration needs its unit: 90s, 15m, 24h, 30d, 2w or 1y"
                                      : "");
                }
                check_value(e, *text_value, file.string());
                row->second = Value{*text_value, file.string()};
            }
        }
    }
    check_relations(config, file.string());
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
