// lib/csr/subject_alt_names.cpp — checking, encoding and reading GeneralNames. Encoded by hand because Botan 2's
// AlternativeName writes only IPv4 addresses and drops IPv6 ones when reading.
#include "lib/csr/subject_alt_names.h"

#include "lib/core/error.h"
#include "lib/csr/utf8.h"

#include <algorithm>
#include <arpa/inet.h>
#include <botan/ber_dec.h>
#include <botan/der_enc.h>
#include <cctype>

namespace certctl::csr {

namespace {
enum : int { k_rfc822 = 1, k_dns = 2, k_uri = 6, k_ip = 7 };  // GeneralName CHOICE tags, RFC 5280 4.2.1.6

void add_unique(std::vector<std::string>& into, const std::string& value) {
    if (std::find(into.begin(), into.end(), value) == into.end()) {
        into.push_back(value);
    }
}

// RFC 1035 2.3.1 preferred name syntax (LDH labels, digits allowed first per RFC 1123), at most 253
// characters; a wildcard only as the whole leftmost label (RFC 6125 6.4.3).
std::string check_dns(const std::string& value) {
    std::string name = value;
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const auto refuse = [&](const std::string& why) {
        throw core::Error(core::Errc::usage, "invalid --dns", value, why, "e.g. --dns web01.example.net");
    };
    if (name.empty() || name.size() > 253) {
        refuse("a DNS name is 1 to 253 characters");
    }
    std::size_t start = 0;
    bool first = true;
    while (start <= name.size()) {
        const std::size_t dot = std::min(name.find('.', start), name.size());
        const std::string label = name.substr(start, dot - start);
        if (first && label == "*" && dot < name.size()) {
            first = false;
            start = dot + 1;
            continue;
        }
        if (label.empty() || label.size() > 63) {
            refuse("each label is 1 to 63 characters");
        }
        if (label.front() == '-' || label.back() == '-' ||
            !std::all_of(label.begin(), label.end(), [](unsigned char c) { return std::isalnum(c) || c == '-'; })) {
            refuse("labels are letters, digits and inner hyphens (a wildcard only as \"*.\" at the start)");
        }
        first = false;
        start = dot + 1;
    }
    return name;
}

std::string ip_text(const std::uint8_t* bytes, std::size_t length) {
    char buf[INET6_ADDRSTRLEN] = {0};
    if (length == 4) {
        ::inet_ntop(AF_INET, bytes, buf, sizeof buf);
    } else if (length == 16) {
        ::inet_ntop(AF_INET6, bytes, buf, sizeof buf);
    } else {
        return {};
    }
    return buf;
}

std::vector<std::uint8_t> ip_bytes(const std::string& text) {
    std::uint8_t buf[16];
    if (::inet_pton(AF_INET, text.c_str(), buf) == 1) {
        return {buf, buf + 4};
    }
    if (::inet_pton(AF_INET6, text.c_str(), buf) == 1) {
        return {buf, buf + 16};
    }
    return {};
}

std::vector<std::string> strings_of(const nlohmann::json& j, const char* key) {
    return j.contains(key) ? j.at(key).get<std::vector<std::string>>() : std::vector<std::string>{};
}
}  // namespace

void SubjectAltNames::validate() {
    std::vector<std::string> names;
    for (const std::string& d : dns) {
        add_unique(names, check_dns(d));
    }
    dns = names;
    std::vector<std::string> addresses;
    for (const std::string& a : ip) {
        const std::vector<std::uint8_t> bytes = ip_bytes(a);
        if (bytes.empty()) {
            throw core::Error(core::Errc::usage, "invalid --ip", a, "not an IPv4 or IPv6 address",
                              "e.g. --ip 192.0.2.10 or --ip 2001:db8::10");
        }
        add_unique(addresses, ip_text(bytes.data(), bytes.size()));
    }
    ip = addresses;
    std::vector<std::string> mails;
    for (const std::string& e : email) {
        add_unique(mails, e);
    }
    email = mails;
}

std::vector<std::uint8_t> SubjectAltNames::encode() const {
    std::vector<std::uint8_t> out;
    Botan::DER_Encoder der(out);
    der.start_cons(Botan::SEQUENCE);
    for (const std::string& d : dns) {
        der.add_object(Botan::ASN1_Tag(k_dns), Botan::CONTEXT_SPECIFIC, d);
    }
    for (const std::string& a : ip) {
        der.add_object(Botan::ASN1_Tag(k_ip), Botan::CONTEXT_SPECIFIC, ip_bytes(a));
    }
    for (const std::string& e : email) {
        der.add_object(Botan::ASN1_Tag(k_rfc822), Botan::CONTEXT_SPECIFIC, e);
    }
    der.end_cons();
    return out;
}

SubjectAltNames SubjectAltNames::decode(const std::vector<std::uint8_t>& der, const std::string& source) {
    SubjectAltNames out;
    try {
        Botan::BER_Decoder top(der);
        Botan::BER_Decoder names = top.start_cons(Botan::SEQUENCE);
        while (names.more_items()) {
            const Botan::BER_Object name = names.get_next_object();
            const std::string value =
                sanitize_utf8(std::string(reinterpret_cast<const char*>(name.bits()), name.length()));
            if (name.is_a(k_dns, Botan::CONTEXT_SPECIFIC)) {
                out.dns.push_back(value);
            } else if (name.is_a(k_rfc822, Botan::CONTEXT_SPECIFIC)) {
                out.email.push_back(value);
            } else if (name.is_a(k_ip, Botan::CONTEXT_SPECIFIC)) {
                const std::string text = ip_text(name.bits(), name.length());
                out.ip.push_back(text.empty() ? "(malformed address)" : text);
            } else if (name.is_a(k_uri, Botan::CONTEXT_SPECIFIC)) {
                out.other.push_back("URI:" + value);
            } else {
                out.other.push_back("othername:tag" + std::to_string(static_cast<int>(name.type())));
            }
        }
        top.verify_end();
    } catch (const Botan::Exception& e) {
        throw core::Error(core::Errc::bad_input, "cannot read subject alternative names", source, e.what());
    }
    return out;
}

nlohmann::json SubjectAltNames::to_json() const {
    nlohmann::json j = {{"dns", dns}, {"ip", ip}, {"email", email}};
    if (!other.empty()) {
        j["other"] = other;
    }
    return j;
}

SubjectAltNames SubjectAltNames::from_json(const nlohmann::json& j) {
    SubjectAltNames s;
    s.dns = strings_of(j, "dns");
    s.ip = strings_of(j, "ip");
    s.email = strings_of(j, "email");
    s.other = strings_of(j, "other");
    return s;
}

std::string SubjectAltNames::to_string() const {
    std::string out;
    const auto add = [&](const std::string& prefix, const std::vector<std::string>& items) {
        for (const auto& i : items) {
            out += (out.empty() ? "" : ", ") + prefix + i;
        }
    };
    add("DNS:", dns);
    add("IP:", ip);
    add("email:", email);
    add("", other);
    return out;
}

}  // namespace certctl::csr
