// lib/ca/profile.cpp — validating profiles and loading custom ones from TOML.
#include "lib/ca/profile.h"

#include "lib/certs/key_usage.h"
#include "lib/core/error.h"
#include "lib/core/file_io.h"
#include "lib/core/name.h"

#include <algorithm>
#include <toml++/toml.h>

namespace certctl::ca {

namespace {
const std::vector<std::string> k_key_types = {"rsa", "ec", "ec:secp256r1", "ec:secp384r1", "ec:secp521r1"};
const std::vector<std::string> k_hashes = {"SHA-256", "SHA-384", "SHA-512"};
constexpr int k_max_days = 36500;

[[noreturn]] void bad(const std::string& origin, const std::string& profile, const std::string& why) {
    throw core::Error(core::Errc::bad_input, "invalid profile", origin + ": " + profile, why,
                      "see `certctl ca profiles` and docs/ca.md for the profile format");
}

bool is_dotted_oid(const std::string& s) {
    if (s.empty() || s.front() == '.' || s.back() == '.' || s.find("..") != std::string::npos) {
        return false;
    }
    return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; }) &&
           std::count(s.begin(), s.end(), '.') >= 2;
}

Botan::Key_Constraints ku_from(const std::vector<std::string>& names, const std::string& origin,
                               const std::string& profile) {
    const auto& rows = certs::key_usage_names();
    unsigned bits = 0;
    for (const std::string& n : names) {
        const auto it = std::find_if(rows.begin(), rows.end(),
                                     [&](const certs::KeyUsageName& k) { return k.issuable && n == k.name; });
        if (it == rows.end()) {
            std::string known;
            for (const certs::KeyUsageName& k : rows) {
                if (k.issuable) {
                    known += (known.empty() ? "" : ", ") + std::string(k.name);
                }
            }
            bad(origin, profile, "unknown key usage '" + n + "' (known: " + known + ")");
        }
        bits |= it->bit;
    }
    return static_cast<Botan::Key_Constraints>(bits);
}
}  // namespace

const char* san_rule_name(SanRule rule) {
    switch (rule) {
        case SanRule::none: return "none";
        case SanRule::copy: return "copy";
        case SanRule::copy_or_cn: return "copy-or-cn";
    }
    return "none";
}

void Profile::validate(const std::string& origin) {
    if (!core::is_valid_name(name)) {
        bad(origin, name, "a profile name is letters, digits, '.', '_' and '-' (at most 64)");
    }
    if (key_usage.empty()) {
        bad(origin, name, "key_usage is empty");
    }
    ku_bits = ku_from(key_usage, origin, name);
    ku_rsa_bits = ku_from(key_usage_rsa, origin, name);
    const bool signs_certs = (ku_bits & Botan::KEY_CERT_SIGN) != 0;
    if (ca && !signs_certs) {
        bad(origin, name, "a CA profile needs keyCertSign in key_usage (RFC 5280 4.2.1.9)");
    }
    if (!ca && (signs_certs || (ku_bits & Botan::CRL_SIGN) != 0)) {
        bad(origin, name, "keyCertSign/cRLSign need ca = true");
    }
    if (!ca && path_len) {
        bad(origin, name, "path_len needs ca = true");
    }
    if (self_signed && !ca) {
        bad(origin, name, "self_signed needs ca = true");
    }
    eku_oids.clear();
    for (const std::string& e : extended_key_usage) {
        if (const std::optional<std::string> oid = certs::issuable_eku_oid(e)) {
            eku_oids.push_back(*oid);
        } else if (is_dotted_oid(e)) {
            eku_oids.push_back(e);
        } else {
            std::string known;
            for (const certs::ExtendedKeyUsageName& k : certs::extended_key_usage_names()) {
                if (k.issuable) {
                    known += std::string(k.name) + ", ";
                }
            }
            bad(origin, name, "unknown extended key usage '" + e + "' (" + known.substr(0, known.size() - 2) +
                                  " or a dotted OID)");
        }
    }
    if (default_days < 1 || max_days < 1 || default_days > max_days || max_days > k_max_days) {
        bad(origin, name, "need 1 <= default_days <= max_days <= " + std::to_string(k_max_days));
    }
    if (key_types.empty()) {
        bad(origin, name, "key_types is empty");
    }
    for (const std::string& t : key_types) {
        if (std::find(k_key_types.begin(), k_key_types.end(), t) == k_key_types.end()) {
            bad(origin, name, "unknown key type '" + t + "' (rsa, ec, ec:secp256r1, ec:secp384r1, ec:secp521r1)");
        }
    }
    if (min_rsa_bits < 2048 || min_rsa_bits > 16384) {
        bad(origin, name, "min_rsa_bits must be between 2048 and 16384");
    }
    if (std::find(k_hashes.begin(), k_hashes.end(), hash) == k_hashes.end()) {
        bad(origin, name, "hash must be SHA-256, SHA-384 or SHA-512");
    }
}

bool Profile::allows_key(const std::string& algorithm, std::size_t bits) const {
    for (const std::string& t : key_types) {
        if (t == "rsa" && algorithm == "rsa") {
            return bits >= min_rsa_bits;
        }
        if (t == algorithm || (t == "ec" && algorithm.rfind("ec:", 0) == 0 &&
                               std::find(k_key_types.begin(), k_key_types.end(), algorithm) != k_key_types.end())) {
            return true;
        }
    }
    return false;
}

std::string Profile::key_types_text() const {
    std::string out;
    for (const std::string& t : key_types) {
        out += (out.empty() ? "" : ", ") + (t == "rsa" ? "rsa>=" + std::to_string(min_rsa_bits) : t);
    }
    return out;
}

ProfileSet::ProfileSet() {
    for (Profile p : builtin_profile_rows()) {
        p.validate("built-in");
        put(std::move(p), "built-in");
    }
}

void ProfileSet::put(Profile p, const std::string& origin) {
    for (std::size_t i = 0; i < m_profiles.size(); ++i) {
        if (m_profiles[i].name == p.name) {
            m_profiles[i] = std::move(p);
            m_origins[i] = origin;
            return;
        }
    }
    m_profiles.push_back(std::move(p));
    m_origins.push_back(origin);
}

const Profile* ProfileSet::find(const std::string& name) const {
    for (const Profile& p : m_profiles) {
        if (p.name == name) {
            return &p;
        }
    }
    return nullptr;
}

const Profile& ProfileSet::get(const std::string& name) const {
    if (const Profile* p = find(name)) {
        return *p;
    }
    std::string names;
    for (const Profile& p : m_profiles) {
        names += (names.empty() ? "" : ", ") + p.name;
    }
    throw core::Error(core::Errc::usage, "unknown profile", name, "no such profile",
                      "profiles: " + names + " (see `certctl ca profiles`)");
}

const std::string& ProfileSet::origin(const std::string& name) const {
    static const std::string none;
    for (std::size_t i = 0; i < m_profiles.size(); ++i) {
        if (m_profiles[i].name == name) {
            return m_origins[i];
        }
    }
    return none;
}

void ProfileSet::load_file(const std::filesystem::path& file) {
    load_text(core::read_file(file, "profile file"), file.string());
}

namespace {
std::vector<std::string> strings(const toml::node& node, const std::string& origin, const std::string& profile,
                                 const std::string& key) {
    const toml::array* arr = node.as_array();
    if (arr == nullptr) {
        bad(origin, profile, key + " must be a list of strings");
    }
    std::vector<std::string> out;
    for (const toml::node& item : *arr) {
        const auto s = item.value<std::string>();
        if (!s) {
            bad(origin, profile, key + " must be a list of strings");
        }
        out.push_back(*s);
    }
    return out;
}

template <class T>
T scalar(const toml::node& node, const std::string& origin, const std::string& profile, const std::string& key,
         const char* kind) {
    const auto v = node.value_exact<T>();
    if (!v) {
        bad(origin, profile, key + " must be " + kind);
    }
    return *v;
}

std::int64_t integer(const toml::node& node, const std::string& origin, const std::string& profile,
                     const std::string& key, std::int64_t lo, std::int64_t hi) {
    const std::int64_t v = scalar<std::int64_t>(node, origin, profile, key, "an integer");
    if (v < lo || v > hi) {
        bad(origin, profile, key + " must be between " + std::to_string(lo) + " and " + std::to_string(hi));
    }
    return v;
}

toml::table parse_profile_file(const std::string& text, const std::string& origin) {
    toml::table doc;
    try {
        doc = toml::parse(text, origin);
    } catch (const toml::parse_error& e) {
        throw core::Error(core::Errc::bad_input, "cannot read profile file", origin,
                          std::string(e.description()) + " at line " + std::to_string(e.source().begin.line),
                          "the format is in docs/ca.md");
    }
    for (const auto& [top_key, top_node] : doc) {
        if (top_key.str() != "profiles" || !top_node.is_table()) {
            bad(origin, std::string(top_key.str()), "only [profiles.NAME] tables are allowed");
        }
    }
    return doc;
}

SanRule san_rule(const toml::node& node, const std::string& origin, const std::string& name) {
    const std::string s = scalar<std::string>(node, origin, name, "san", "a string");
    if (s == "none") {
        return SanRule::none;
    }
    if (s == "copy") {
        return SanRule::copy;
    }
    if (s == "copy-or-cn") {
        return SanRule::copy_or_cn;
    }
    bad(origin, name, "san must be none, copy or copy-or-cn");
}

// Sets the field `f` of `p` from the file. A flat dispatch over every field a profile file may set: one
// branch a field, so it stays one function (a table of setters would be longer and hide the ranges).
void read_field(Profile& p, const std::string& f, const toml::node& fv, const std::string& origin,
                const std::string& name) {
    if (f == "description") {
        p.description = scalar<std::string>(fv, origin, name, f, "a string");
    } else if (f == "typical_issuer") {
        p.typical_issuer = scalar<std::string>(fv, origin, name, f, "a string");
    } else if (f == "ca") {
        p.ca = scalar<bool>(fv, origin, name, f, "true or false");
    } else if (f == "path_len") {
        p.path_len = static_cast<std::size_t>(integer(fv, origin, name, f, 0, 16));
    } else if (f == "key_usage") {
        p.key_usage = strings(fv, origin, name, f);
    } else if (f == "key_usage_rsa") {
        p.key_usage_rsa = strings(fv, origin, name, f);
    } else if (f == "extended_key_usage") {
        p.extended_key_usage = strings(fv, origin, name, f);
    } else if (f == "default_days") {
        p.default_days = static_cast<int>(integer(fv, origin, name, f, 1, k_max_days));
    } else if (f == "max_days") {
        p.max_days = static_cast<int>(integer(fv, origin, name, f, 1, k_max_days));
    } else if (f == "key_types") {
        p.key_types = strings(fv, origin, name, f);
    } else if (f == "min_rsa_bits") {
        p.min_rsa_bits = static_cast<std::size_t>(integer(fv, origin, name, f, 2048, 16384));
    } else if (f == "san") {
        p.san = san_rule(fv, origin, name);
    } else if (f == "crl_distribution_point") {
        p.crl_distribution_point = scalar<bool>(fv, origin, name, f, "true or false");
    } else if (f == "authority_info_access") {
        p.authority_info_access = scalar<bool>(fv, origin, name, f, "true or false");
    } else if (f == "self_signed") {
        p.self_signed = scalar<bool>(fv, origin, name, f, "true or false");
    } else if (f == "hash") {
        p.hash = scalar<std::string>(fv, origin, name, f, "a string");
    } else {
        bad(origin, name, "unknown field '" + f + "'");
    }
}

// The profile `name` of the file: its base (a built-in or earlier profile, or the defaults), then its fields.
Profile read_profile(const ProfileSet& set, const std::string& name, const toml::node& node,
                     const std::string& origin) {
    const toml::table* t = node.as_table();
    if (t == nullptr) {
        bad(origin, name, "must be a table [profiles." + name + "]");
    }
    Profile p;
    if (const toml::node* base = t->get("base")) {
        const std::string base_name = scalar<std::string>(*base, origin, name, "base", "a string");
        const Profile* from = set.find(base_name);
        if (from == nullptr) {
            bad(origin, name, "base '" + base_name + "' is not a built-in or earlier profile");
        }
        p = *from;
    } else {
        p.key_types = {"rsa", "ec"};
    }
    p.name = name;
    for (const auto& [fk, fv] : *t) {
        const std::string f(fk.str());
        if (f != "base") {
            read_field(p, f, fv, origin, name);
        }
    }
    if (!p.ca && !t->contains("path_len")) {
        p.path_len.reset();  // a leaf based on a CA profile
    }
    return p;
}
}  // namespace

void ProfileSet::load_text(const std::string& text, const std::string& origin) {
    const toml::table doc = parse_profile_file(text, origin);
    const toml::table* profiles = doc["profiles"].as_table();
    if (profiles == nullptr) {
        return;
    }
    for (const auto& [key, node] : *profiles) {
        Profile p = read_profile(*this, std::string(key.str()), node, origin);
        p.validate(origin);
        put(std::move(p), origin);
    }
}

}  // namespace certctl::ca
