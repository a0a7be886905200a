// lib/certs/general_names.cpp — subjectAltName GeneralNames read from the DER (see general_names.h).
#include "lib/certs/general_names.h"

#include "lib/core/der.h"

#include <arpa/inet.h>
#include <botan/pkix_types.h>

namespace certctl::certs {

bool parse_general_names(const std::vector<std::uint8_t>& der, std::vector<GeneralName>& out) {
    const std::uint8_t* p = der.data();
    const std::uint8_t* end = p + der.size();
    core::Tlv seq;
    if (!core::next_tlv(p, end, seq) || seq.tag != 0x30 || p != end) {
        return false;
    }
    const std::uint8_t* q = seq.value.data;
    while (q != seq.value.end()) {
        core::Tlv name;
        if (!core::next_tlv(q, seq.value.end(), name) || (name.tag & 0x80) == 0) {
            return false;  // every GeneralName is context-tagged
        }
        out.push_back({static_cast<std::uint8_t>(name.tag & 0x1f), {name.value.data, name.value.end()}});
    }
    return true;
}

std::optional<SubjectAltNames> subject_alt_names(const Botan::X509_Certificate& cert) {
    const Botan::OID oid("2.5.29.17");
    const Botan::Extensions& exts = cert.v3_extensions();
    if (!exts.extension_set(oid)) {
        return std::nullopt;
    }
    SubjectAltNames san;
    san.critical = exts.critical_extension_set(oid);
    san.malformed = !parse_general_names(exts.get_extension_bits(oid), san.names);
    return san;
}

std::string ip_text(const std::vector<std::uint8_t>& octets) {
    char buf[INET6_ADDRSTRLEN] = {};
    if (octets.size() == 4) {
        return inet_ntop(AF_INET, octets.data(), buf, sizeof buf) != nullptr ? buf : "";
    }
    if (octets.size() == 16) {
        return inet_ntop(AF_INET6, octets.data(), buf, sizeof buf) != nullptr ? buf : "";
    }
    return {};
}

std::vector<std::uint8_t> ip_octets(const std::string& text) {
    std::uint8_t buf[16] = {};
    if (inet_pton(AF_INET, text.c_str(), buf) == 1) {
        return {buf, buf + 4};
    }
    if (inet_pton(AF_INET6, text.c_str(), buf) == 1) {
        return {buf, buf + 16};
    }
    return {};
}

}  // namespace certctl::certs
