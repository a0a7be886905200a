// lib/auth/password.cpp — Botan's Argon2 behind our two calls.
#include "lib/auth/password.h"

#include "lib/core/error.h"
#include "lib/core/file_io.h"

#include <botan/argon2.h>

namespace certctl::auth {

namespace {
constexpr std::uint8_t k_argon2id = 2;  // Botan's variant number: 0 Argon2d, 1 Argon2i, 2 Argon2id
constexpr std::uint64_t k_max_password_file = 64 * 1024;
}  // namespace

std::string hash_password(const std::string& password, Botan::RandomNumberGenerator& rng) {
    return Botan::argon2_generate_pwhash(password.data(), password.size(), rng, k_argon2_lanes, k_argon2_memory_kib,
                                         k_argon2_passes, k_argon2id);
}

bool check_password(const std::string& password, const std::string& hash) {
    try {
        return Botan::argon2_check_pwhash(password.data(), password.size(), hash);
    } catch (const std::exception&) {
        return false;  // a damaged row must not let anyone in, nor crash the server
    }
}

void check_password_rule(const std::string& user, const std::string& password) {
    if (password.size() < k_min_password_length) {
        throw core::Error(core::Errc::usage, "password too short", user,
                          "it has " + std::to_string(password.size()) + " characters; at least " +
                              std::to_string(k_min_password_length) + " are needed",
                          "put a longer password on the first line of the password file");
    }
}

std::string read_password_file(const std::string& path) {
    const std::string contents = core::read_file(path, "password file", k_max_password_file);
    std::string line = contents.substr(0, contents.find('\n'));
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
    }
    if (line.empty()) {
        throw core::Error(core::Errc::bad_input, "cannot read password file", path, "its first line is empty",
                          "write the password on the first line of the file");
    }
    return line;
}

}  // namespace certctl::auth
