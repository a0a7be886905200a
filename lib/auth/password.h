// lib/auth/password.h — Argon2id password hashes (RFC 9106) in the PHC string form, and the password rule.
#pragma once
#include <botan/rng.h>
#include <string>

namespace certctl::auth {

// RFC 9106 section 4's second recommended option scaled to a login rate a small server can afford:
// Argon2id, 19 MiB, 2 passes, 1 lane (the OWASP minimum), 16-byte salt, 32-byte tag.
inline constexpr std::size_t k_argon2_memory_kib = 19 * 1024;
inline constexpr std::size_t k_argon2_passes = 2;
inline constexpr std::size_t k_argon2_lanes = 1;
inline constexpr std::size_t k_min_password_length = 12;

// "$argon2id$v=19$m=19456,t=2,p=1$SALT$TAG".
std::string hash_password(const std::string& password, Botan::RandomNumberGenerator& rng);
// True when `password` matches `hash`; false for any other hash, including a malformed one.
bool check_password(const std::string& password, const std::string& hash);
// Error(usage) on `user` for a password shorter than k_min_password_length characters.
void check_password_rule(const std::string& user, const std::string& password);
// The first line of `path` (without its newline): a password never comes from the command line, where
// `ps` would show it. Error(not_found/permission) for the file, Error(bad_input) when the line is empty.
std::string read_password_file(const std::string& path);

}  // namespace certctl::auth
