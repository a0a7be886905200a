// lib/core/name.cpp — the contract's name rule, checked before a name touches a path or a row.
#include "lib/core/name.h"

#include "lib/core/error.h"

#include <cctype>

namespace certctl::core {

bool is_valid_name(const std::string& name) {
    if (name.empty() || name.size() > 64 || !std::isalnum(static_cast<unsigned char>(name[0]))) {
        return false;
    }
    for (const char c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') {
            return false;
        }
    }
    return true;
}

void check_name(const std::string& kind, const std::string& name) {
    if (!is_valid_name(name)) {
        throw Error(Errc::usage, "invalid " + kind + " name", name,
                    "names are 1-64 characters of letters, digits, '.', '_' and '-', starting with a letter or digit",
                    "pick a name like web01 or vpn-gw.2025");
    }
}

}  // namespace certctl::core
