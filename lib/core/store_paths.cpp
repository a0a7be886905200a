// lib/core/store_paths.cpp — default store location per the contract.
#include "lib/core/store_paths.h"

#include "lib/core/error.h"

#include <cstdlib>
#include <unistd.h>

namespace certctl::core {

std::filesystem::path StorePaths::resolve_root(const std::string& flag) {
    if (!flag.empty()) {
        return flag;
    }
    // Set but empty is a script's unset variable, never a wish for the default (as root: the production store).
    if (const char* env = std::getenv("CERTCTL_STORE"); env != nullptr) {
        if (*env == '\0') {
            throw Error(Errc::usage, "empty store directory", "CERTCTL_STORE",
                        "CERTCTL_STORE is set but empty, and the default store is not taken in its place",
                        "set CERTCTL_STORE to a directory, or unset it (`unset CERTCTL_STORE`) to use the default");
        }
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
