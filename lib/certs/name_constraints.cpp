// lib/certs/name_constraints.cpp — subtrees read from the DER, names matched per form (see name_constraints.h).
#include "lib/certs/name_constraints.h"

#include "lib/certs/general_names.h"
#include "lib/core/der.h"

#include <botan/ber_dec.h>
#include <botan/pkix_types.h>
#include <algorithm>
#include <cctype>
#include <optional>

namespace certctl::certs {

namespace {
const Botan::OID k_nc("2.5.29.30");
const Botan::OID k_email_attribute("1.2.840.113549.1.9.1");

enum Form : std::uint8_t {
    other_name = 0,
    rfc822 = 1,
    dns = 2,
    x400 = 3,
    directory = 4,
    edi = 5,
    uri = 6,
    ip = 7,
    rid = 8
};

// A name or a subtree base: the GeneralName's form and contents. otherNames of different type-ids are
// different forms (`type_id`); a constraint never applies across forms.
struct Name {
    std::uint8_t form = 0;
    std::vector<std::uint8_t> value;
    std::vector<std::uint8_t> type_id;  // otherName only: the OID's TLV
    std::string text() const { return std::string(value.begin(), value.end()); }
};

struct Constraints {
    std::vector<Name> permitted;
    std::vector<Name> excluded;
};

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// The otherName's type-id TLV, from its contents (type-id OID, then [0] EXPLICIT value).
std::vector<std::uint8_t> other_name_type(const std::vector<std::uint8_t>& contents) {
    const std::uint8_t* p = contents.data();
    core::Tlv oid;
    if (!core::next_tlv(p, contents.data() + contents.size(), oid) || oid.tag != 0x06) {
        return {};
    }
    return {oid.whole.data, oid.whole.end()};
}

// RFC 5280 4.2.1.10: a dNSName subtree is a DNS name to which labels are added on the left; a leading
// period (allowed for URIs and mailboxes only) makes it malformed. Empty means every name.
bool dns_subtree_ok(const std::string& c) {
    if (c.empty()) {
        return true;
    }
    if (c.front() == '.' || c.back() == '.' || c.find("..") != std::string::npos) {
        return false;
    }
    return std::all_of(c.begin(), c.end(), [](unsigned char ch) { return std::isalnum(ch) || ch == '-' || ch == '.'; });
}

// GeneralSubtrees contents into `out`; false (with `why`) when malformed.
bool read_subtrees(core::ByteSpan contents, std::vector<Name>& out, std::string& why) {
    const std::uint8_t* p = contents.data;
    while (p != contents.end()) {
        core::Tlv subtree;
        if (!core::next_tlv(p, contents.end(), subtree) || subtree.tag != 0x30) {
            why = "a GeneralSubtree is not a SEQUENCE";
            return false;
        }
        const std::uint8_t* q = subtree.value.data;
        core::Tlv base;
        if (!core::next_tlv(q, subtree.value.end(), base) || (base.tag & 0x80) == 0) {
            why = "a subtree's base is not a GeneralName";
            return false;
        }
        if (q != subtree.value.end()) {
            why = "a subtree has minimum or maximum, which RFC 5280 4.2.1.10 forbids";
            return false;
        }
        Name n;
        n.form = static_cast<std::uint8_t>(base.tag & 0x1f);
        n.value.assign(base.value.data, base.value.end());
        if (n.form == other_name) {
            n.type_id = other_name_type(n.value);
        }
        if (n.form == dns && !dns_subtree_ok(n.text())) {
            why = "the dNSName subtree \"" + n.text() +
                  "\" is not a DNS name (a leading period is allowed for URIs only)";
            return false;
        }
        if (n.form == ip && n.value.size() != 8 && n.value.size() != 32) {
            why = "an iPAddress subtree is " + std::to_string(n.value.size()) +
                  " octets (4 or 16 octets of address, as many of mask)";
            return false;
        }
        out.push_back(std::move(n));
    }
    return true;
}

// The certificate's nameConstraints; nullopt when it has none; `why` set when the extension is malformed.
std::optional<Constraints> read_constraints(const Botan::X509_Certificate& cert, std::string& why) {
    const Botan::Extensions& exts = cert.v3_extensions();
    if (!exts.extension_set(k_nc)) {
        return std::nullopt;
    }
    const std::vector<std::uint8_t> der = exts.get_extension_bits(k_nc);
    const std::uint8_t* p = der.data();
    core::Tlv seq;
    if (!core::next_tlv(p, der.data() + der.size(), seq) || seq.tag != 0x30 || p != der.data() + der.size()) {
        why = "nameConstraints is not a SEQUENCE";
        return Constraints{};
    }
    Constraints c;
    const std::uint8_t* q = seq.value.data;
    while (q != seq.value.end()) {
        core::Tlv part;
        if (!core::next_tlv(q, seq.value.end(), part) || (part.tag != 0xa0 && part.tag != 0xa1)) {
            why = "nameConstraints holds something other than permitted and excluded subtrees";
            return c;
        }
        if (!read_subtrees(part.value, part.tag == 0xa0 ? c.permitted : c.excluded, why)) {
            return c;
        }
    }
    if (c.permitted.empty() && c.excluded.empty()) {
        why = "nameConstraints is empty";
    }
    return c;
}

// A DNS name within a subtree: equal, or the subtree with labels added on the left.
bool dns_within(const std::string& name_in, const std::string& subtree_in) {
    std::string name = lower(name_in);
    if (!name.empty() && name.back() == '.') {
        name.pop_back();
    }
    const std::string subtree = lower(subtree_in);
    return subtree.empty() || name == subtree || ends_with(name, "." + subtree);
}

// An excluded subtree also catches a wildcard name that may stand for a name inside it: "*.example.com"
// for an excluded "bar.example.com" (one label under the wildcard's base).
bool dns_excluded(const std::string& name, const std::string& subtree) {
    if (dns_within(name, subtree)) {
        return true;
    }
    if (name.size() > 2 && name.compare(0, 2, "*.") == 0) {
        const std::string base = lower(name.substr(2));
        const std::string s = lower(subtree);
        return ends_with(s, "." + base) && s.find('.') == s.size() - base.size() - 1;
    }
    return false;
}

// A host (of a mailbox or URI) within a subtree: ".example.com" means below it, otherwise exactly it.
bool host_within(const std::string& host_in, const std::string& subtree_in) {
    const std::string host = lower(host_in);
    const std::string subtree = lower(subtree_in);
    if (!subtree.empty() && subtree.front() == '.') {
        return ends_with(host, subtree) && host.size() > subtree.size();
    }
    return host == subtree;
}

bool mailbox_within(const std::string& mailbox, const std::string& subtree) {
    const std::size_t at = mailbox.rfind('@');
    if (at == std::string::npos) {
        return false;
    }
    if (subtree.find('@') != std::string::npos) {
        const std::size_t s_at = subtree.rfind('@');
        return mailbox.compare(0, at, subtree, 0, s_at) == 0 &&
               lower(mailbox.substr(at + 1)) == lower(subtree.substr(s_at + 1));
    }
    return host_within(mailbox.substr(at + 1), subtree);
}

// The host of a URI ("scheme://[user@]host[:port]/..."), or "" when it has none.
std::string uri_host(const std::string& uri) {
    const std::size_t scheme_end = uri.find("://");
    if (scheme_end == std::string::npos) {
        return {};
    }
    std::string authority = uri.substr(scheme_end + 3);
    authority = authority.substr(0, authority.find_first_of("/?#"));
    if (const std::size_t at = authority.rfind('@'); at != std::string::npos) {
        authority = authority.substr(at + 1);
    }
    if (!authority.empty() && authority.front() == '[') {
        return authority.substr(1, authority.find(']') - 1);
    }
    return authority.substr(0, authority.find(':'));
}

bool ip_within(const std::vector<std::uint8_t>& addr, const std::vector<std::uint8_t>& subtree) {
    if (subtree.size() != addr.size() * 2) {
        return false;  // the other address family
    }
    for (std::size_t i = 0; i < addr.size(); ++i) {
        const std::uint8_t mask = subtree[addr.size() + i];
        if ((addr[i] & mask) != (subtree[i] & mask)) {
            return false;
        }
    }
    return true;
}

// Attribute values compared as RFC 5280 7.1 asks at the least: case and runs of spaces do not matter.
std::string folded(const std::string& v) {
    std::string out;
    for (const char c : v) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            if (!out.empty() && out.back() != ' ') {
                out += ' ';
            }
        } else {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    while (!out.empty() && out.back() == ' ') {
        out.pop_back();
    }
    return out;
}

std::optional<Botan::X509_DN> decode_dn(const std::vector<std::uint8_t>& der) {
    try {
        Botan::X509_DN dn;
        Botan::BER_Decoder(der).decode(dn).verify_end();
        return dn;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

// A DN within a subtree: the subtree's RDNs are the first RDNs of the name.
bool dn_within(const Botan::X509_DN& name, const Botan::X509_DN& subtree) {
    const auto& n = name.dn_info();
    const auto& s = subtree.dn_info();
    if (s.size() > n.size()) {
        return false;
    }
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (n[i].first != s[i].first || folded(n[i].second.value()) != folded(s[i].second.value())) {
            return false;
        }
    }
    return true;
}

bool same_form(const Name& a, const Name& b) {
    return a.form == b.form && (a.form != other_name || a.type_id == b.type_id);
}

// Whether `name` lies within `subtree` (same form). `excluded` selects the wildcard-aware DNS test.
bool within(const Name& name, const Name& subtree, bool excluded) {
    switch (name.form) {
        case dns:
            return excluded ? dns_excluded(name.text(), subtree.text()) : dns_within(name.text(), subtree.text());
        case rfc822:
            return mailbox_within(name.text(), subtree.text());
        case uri: {
            const std::string host = uri_host(name.text());
            return !host.empty() && host_within(host, subtree.text());
        }
        case ip:
            return ip_within(name.value, subtree.value);
        case directory: {
            const auto n = decode_dn(name.value);
            const auto s = decode_dn(subtree.value);
            return n && s && dn_within(*n, *s);
        }
        case other_name:
            return name.value == subtree.value;
        default:
            return false;
    }
}

const char* form_name(std::uint8_t form) {
    switch (form) {
        case other_name: return "otherName";
        case rfc822: return "rfc822Name";
        case dns: return "dNSName";
        case directory: return "directoryName";
        case uri: return "URI";
        case ip: return "iPAddress";
        default: return "name";
    }
}

std::string shown(const Name& n) {
    switch (n.form) {
        case dns:
        case rfc822:
        case uri:
            return "\"" + n.text() + "\"";
        case ip:
            if (n.value.size() == 8 || n.value.size() == 32) {
                const std::size_t half = n.value.size() / 2;
                return ip_text({n.value.begin(), n.value.begin() + static_cast<long>(half)}) + "/" +
                       ip_text({n.value.begin() + static_cast<long>(half), n.value.end()});
            }
            return ip_text(n.value);
        case directory: {
            const auto dn = decode_dn(n.value);
            return dn ? "\"" + dn->to_string() + "\"" : "(undecodable DN)";
        }
        default:
            return "";
    }
}

// Every name of `cert` that name constraints apply to.
std::vector<Name> names_of(const Botan::X509_Certificate& cert) {
    std::vector<Name> out;
    const std::vector<std::uint8_t>& subject = cert.raw_subject_dn();
    if (!cert.subject_dn().empty()) {
        out.push_back(Name{directory, subject, {}});
    }
    const auto san = subject_alt_names(cert);
    if (san && !san->malformed) {
        for (const GeneralName& g : san->names) {
            Name n{g.tag, g.value, {}};
            if (n.form == other_name) {
                n.type_id = other_name_type(n.value);
            }
            out.push_back(std::move(n));
        }
    }
    if (!san) {  // RFC 5280 4.2.1.10: mailbox constraints reach the DN's emailAddress when there is no SAN
        for (const auto& [oid, value] : cert.subject_dn().dn_info()) {
            if (oid == k_email_attribute) {
                const std::string v = value.value();
                out.push_back(Name{rfc822, {v.begin(), v.end()}, {}});
            }
        }
    }
    return out;
}

std::string label(const Botan::X509_Certificate& c) {
    const std::string cn = c.subject_dn().get_first_attribute("CN");
    return cn.empty() ? c.subject_dn().to_string() : cn;
}

// One name of certificate `j` against the constraints `c` of the CA `ca_label`: excluded and not permitted names,
// and forms certctl cannot evaluate, become findings.
void check_name(const Name& name, const Constraints& c, std::size_t j, const std::string& ca_label,
                std::vector<NameConstraintFinding>& out) {
    const auto same = [&](const Name& s) { return same_form(name, s); };
    const bool constrained = std::any_of(c.permitted.begin(), c.permitted.end(), same) ||
                             std::any_of(c.excluded.begin(), c.excluded.end(), same);
    if (!constrained) {
        return;
    }
    if (name.form == x400 || name.form == edi || name.form == rid) {
        out.push_back(
            {j, "name_constraints_unsupported",
             "has a name of a form whose constraints certctl cannot evaluate, constrained by \"" + ca_label + "\""});
        return;
    }
    for (const Name& s : c.excluded) {
        if (same_form(name, s) && within(name, s, true)) {
            out.push_back({j, "name_constraints",
                           std::string(form_name(name.form)) + " " + shown(name) + " is in a subtree excluded by \"" +
                               ca_label + "\" (" + shown(s) + ")"});
        }
    }
    const bool has_permitted = std::any_of(c.permitted.begin(), c.permitted.end(), same);
    const bool permitted = std::any_of(c.permitted.begin(), c.permitted.end(),
                                       [&](const Name& s) { return same(s) && within(name, s, false); });
    if (has_permitted && !permitted) {
        out.push_back({j, "name_constraints",
                       std::string(form_name(name.form)) + " " + shown(name) +
                           " is outside the subtrees permitted by \"" + ca_label + "\""});
    }
}

// Every name of certificate `j` against the constraints of the CA `ca_label`.
void check_certificate(const Botan::X509_Certificate& cert, std::size_t j, const Constraints& c,
                       const std::string& ca_label, std::vector<NameConstraintFinding>& out) {
    const std::vector<Name> names = names_of(cert);
    // Names times subtrees (a DN counting once per attribute, as it is compared attribute by attribute) is the
    // work; past the bound the path is refused rather than checked for seconds.
    const std::size_t weight = names.size() + cert.subject_dn().dn_info().size();
    if (weight * (c.permitted.size() + c.excluded.size()) > k_max_name_constraint_checks) {
        out.push_back({j, "name_constraints_limit",
                       "has " + std::to_string(weight) + " names to check against " +
                           std::to_string(c.permitted.size() + c.excluded.size()) + " name constraints of \"" +
                           ca_label + "\": over the bound of " + std::to_string(k_max_name_constraint_checks) +
                           " comparisons, refused unchecked"});
        return;
    }
    for (const Name& name : names) {
        check_name(name, c, j, ca_label, out);
    }
}
}  // namespace

bool is_name_constraints_extension(const std::string& oid) { return oid == k_nc.to_string(); }

std::vector<NameConstraintFinding> check_name_constraints(
    const std::vector<std::shared_ptr<const Botan::X509_Certificate>>& path) {
    std::vector<NameConstraintFinding> out;
    for (std::size_t ca = path.size(); ca-- > 1;) {
        std::string why;
        const std::optional<Constraints> c = read_constraints(*path[ca], why);
        if (!c) {
            continue;
        }
        if (!why.empty()) {
            out.push_back({ca, "name_constraints_malformed", "its name constraints are malformed: " + why});
            continue;
        }
        const std::string ca_label = label(*path[ca]);
        for (std::size_t j = ca; j-- > 0;) {
            const Botan::X509_Certificate& cert = *path[j];
            // 6.1.3 (b), (c): a self-issued certificate is exempt unless it is the end entity.
            if (j > 0 && cert.subject_dn() == cert.issuer_dn()) {
                continue;
            }
            check_certificate(cert, j, *c, ca_label, out);
        }
    }
    return out;
}

}  // namespace certctl::certs
