// lib/core/store_paths.cpp — default store location per the contract.
#include "lib/core/store_paths.h"

#include <cstdlib>
#include <unistd.h>

namespace certctl::core {

std::filesystem::path StorePaths::resolve_root(const std::string& flag) {
    if (!flag.empty()) {
        return flag;
    }
    if (const char* env = std::getenv("CERTCTL_STORE"); env != nullptr && *env != '\0') {
        return env;
    }
    if (::geteuid() == 0) {
        return "/var/lib/certctl";
    }
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg != '\0') {
        return std::filesystem::path(xdg) / "certctl";
    }
    const char* home = std::getenv("HOME");
    return std::filesystem::path(home != nullptr ? home : ".") / ".local" / "share" / "certctl";
}

}  // namespace certctl::core
