// lib/ca/profile.h — what a certificate issued from a profile carries, and the set of profiles in force.
#pragma once
#include <botan/pkix_enums.h>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace certctl::ca {

// How the CSR's subjectAltName is treated. Nothing else from the CSR ever reaches the certificate.
enum class SanRule {
    none,        // never copied (CA certificates)
    copy,        // DNS, IP, email and URI names copied when the CSR has them
    copy_or_cn,  // as copy; without any, the CN becomes a DNS name (what browsers need)
};
const char* san_rule_name(SanRule rule);

struct Profile {
    std::string name;
    std::string description;
    std::string typical_issuer;                // documentation only: "self", "root", "sub-ca", ...
    bool ca = false;
    std::optional<std::size_t> path_len;       // CA only; empty = no pathLenConstraint
    std::vector<std::string> key_usage;        // RFC 5280 names: digitalSignature, keyCertSign, ...
    std::vector<std::string> key_usage_rsa;    // added when the subject key is RSA (keyEncipherment)
    std::vector<std::string> extended_key_usage;  // serverAuth, clientAuth, ... or a dotted OID
    int default_days = 365;
    int max_days = 365;
    std::vector<std::string> key_types;        // "rsa", "ec" or "ec:secp256r1" / "ec:secp384r1" / "ec:secp521r1"
    std::size_t min_rsa_bits = 2048;
    SanRule san = SanRule::none;
    bool crl_distribution_point = true;        // the issuer's --crl-url, when it has one
    bool authority_info_access = true;         // the issuer's --ca-issuers-url, when it has one
    bool self_signed = false;                  // root: only `ca init` without an issuer
    std::string hash = "SHA-256";

    // Filled by validate(): the encoded forms, so signing never looks anything up.
    Botan::Key_Constraints ku_bits = Botan::NO_CONSTRAINTS;
    Botan::Key_Constraints ku_rsa_bits = Botan::NO_CONSTRAINTS;
    std::vector<std::string> eku_oids;         // dotted

    // Throws Error(bad_input) naming `origin` ("built-in", "FILE") and the field at fault.
    void validate(const std::string& origin);
    // Is a subject key of this kind allowed? `algorithm` is "rsa" or "ec:<curve>", `bits` the RSA size.
    bool allows_key(const std::string& algorithm, std::size_t bits) const;
    std::string key_types_text() const;
};

// The built-in table (lib/ca/builtin_profiles.cpp), unvalidated.
const std::vector<Profile>& builtin_profile_rows();

class ProfileSet final {
public:
    // The built-ins, validated.
    ProfileSet();
    // Adds or overrides profiles from a TOML file (docs/ca.md); every profile is validated here, never
    // while signing. Throws Error(not_found) for a missing file, Error(bad_input) for any fault.
    void load_file(const std::filesystem::path& file);
    void load_text(const std::string& text, const std::string& origin);

    const std::vector<Profile>& all() const { return m_profiles; }
    const Profile* find(const std::string& name) const;
    // Throws Error(usage) "unknown profile" listing the names.
    const Profile& get(const std::string& name) const;
    // Where each profile came from: "built-in" or the file.
    const std::string& origin(const std::string& name) const;

private:
    void put(Profile p, const std::string& origin);
    std::vector<Profile> m_profiles;
    std::vector<std::string> m_origins;
};

}  // namespace certctl::ca
