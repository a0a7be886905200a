// lib/ca/revocation.cpp — reason names and codes.
#include "lib/ca/revocation.h"

#include <cctype>

namespace certctl::ca {

namespace {
const std::vector<RevocationReason> k_reasons = {
    {"unspecified", 0},          {"keyCompromise", 1},      {"cACompromise", 2},
    {"affiliationChanged", 3},   {"superseded", 4},         {"cessationOfOperation", 5},
    {"certificateHold", 6},      {"privilegeWithdrawn", 9}, {"aACompromise", 10},
};

std::string folded(const std::string& s) {
    std::string out;
    for (const char c : s) {
        if (c != '-' && c != '_') {
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    return out;
}
}  // namespace

const std::vector<RevocationReason>& revocation_reasons() { return k_reasons; }

std::optional<int> parse_reason(const std::string& text) {
    const std::string want = folded(text);
    for (const RevocationReason& r : k_reasons) {
        if (folded(r.name) == want) {
            return r.code;
        }
    }
    return std::nullopt;
}

std::string reason_name(int code) {
    for (const RevocationReason& r : k_reasons) {
        if (r.code == code) {
            return r.name;
        }
    }
    return "unspecified";
}

std::string reason_names() {
    std::string out;
    for (const RevocationReason& r : k_reasons) {
        out += (out.empty() ? "" : ", ") + std::string(r.name);
    }
    return out;
}

}  // namespace certctl::ca
