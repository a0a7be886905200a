// lib/certs/hostname_match.cpp — host names and IP addresses against a certificate (see hostname_match.h).
#include "lib/certs/hostname_match.h"

#include "lib/certs/general_names.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <mutex>
#include <unordered_set>

namespace certctl::certs {

namespace {
// Debian's publicsuffix package; read once per process, only when a wildcard is met.
constexpr const char* k_psl_path = "/usr/share/publicsuffix/public_suffix_list.dat";

struct SuffixList {
    bool loaded = false;
    std::unordered_set<std::string> rules;       // "com", "co.uk", "github.io"
    std::unordered_set<std::string> wildcards;   // "ck" for the rule "*.ck"
    std::unordered_set<std::string> exceptions;  // "www.ck" for the rule "!www.ck"
};

const SuffixList& suffix_list() {
    static SuffixList list;
    static std::once_flag once;
    std::call_once(once, [] {
        std::ifstream in(k_psl_path);
        std::string line;
        while (std::getline(in, line)) {
            line.erase(
                std::find_if(line.begin(), line.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r'; }),
                line.end());
            if (line.empty() || line.rfind("//", 0) == 0) {
                continue;
            }
            list.loaded = true;
            if (line.rfind("*.", 0) == 0) {
                list.wildcards.insert(line.substr(2));
            } else if (line[0] == '!') {
                list.exceptions.insert(line.substr(1));
            } else {
                list.rules.insert(line);
            }
        }
    });
    return list;
}

// Lower-case ASCII without a trailing dot; "" when the name has a byte outside ASCII or an empty label.
std::string normalize(const std::string& name) {
    std::string out = name;
    if (!out.empty() && out.back() == '.') {
        out.pop_back();
    }
    for (char& c : out) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80 || u < 0x21) {
            return {};
        }
        c = static_cast<char>(std::tolower(u));
    }
    if (out.empty() || out.front() == '.' || out.find("..") != std::string::npos) {
        return {};
    }
    return out;
}
}  // namespace

bool is_public_suffix(const std::string& domain) {
    const SuffixList& list = suffix_list();
    if (!list.loaded) {
        return domain.find('.') == std::string::npos;
    }
    if (list.rules.count(domain) != 0) {
        return true;
    }
    const std::size_t dot = domain.find('.');
    if (dot == std::string::npos) {
        return true;  // every top-level label is a suffix ("*" rule of the list's algorithm)
    }
    return list.wildcards.count(domain.substr(dot + 1)) != 0 && list.exceptions.count(domain) == 0;
}

bool dns_pattern_matches(const std::string& raw_pattern, const std::string& raw_host, Profile profile) {
    const std::string pattern = normalize(raw_pattern);
    const std::string host = normalize(raw_host);
    if (pattern.empty() || host.empty()) {
        return false;
    }
    if (pattern.find('*') == std::string::npos) {
        return pattern == host;
    }
    // RFC 6125 6.4.3 as the CA/Browser Forum narrows it: "*" is the whole leftmost label and nothing else.
    if (pattern.rfind("*.", 0) != 0 || pattern.find('*', 1) != std::string::npos) {
        return false;
    }
    const std::string rest = pattern.substr(2);
    if (rest.find('.') == std::string::npos) {
        return false;  // "*.com": a wildcard over a top-level domain, in every profile
    }
    if (profile == Profile::webpki && is_public_suffix(rest)) {
        return false;
    }
    const std::size_t dot = host.find('.');
    return dot != std::string::npos && dot > 0 && host.substr(dot + 1) == rest;
}

bool hostname_matches(const Botan::X509_Certificate& cert, const std::string& host, Profile profile) {
    const std::optional<SubjectAltNames> san = subject_alt_names(cert);
    const std::vector<std::uint8_t> ip = ip_octets(host);
    if (!ip.empty()) {
        if (!san || san->malformed) {
            return false;
        }
        return std::any_of(san->names.begin(), san->names.end(),
                           [&](const GeneralName& n) { return n.tag == 7 && n.value == ip; });
    }
    bool has_dns_id = false;
    if (san && !san->malformed) {
        for (const GeneralName& n : san->names) {
            if (n.tag == 2) {
                has_dns_id = true;
                if (dns_pattern_matches(n.text(), host, profile)) {
                    return true;
                }
            }
        }
    }
    if (has_dns_id || profile == Profile::webpki) {
        return false;
    }
    for (const std::string& cn : cert.subject_info("Name")) {
        if (dns_pattern_matches(cn, host, profile)) {
            return true;
        }
    }
    return false;
}

}  // namespace certctl::certs
