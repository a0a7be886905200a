// lib/core/file_io.h — bounded reads of user files with errors that name the file.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>

namespace certctl::core {

// Certificates, CSRs, keys and bundles are small; anything larger is refused before reading.
inline constexpr std::uint64_t k_max_pki_file_size = 16ULL << 20;

// Reads the whole file. Missing: Error(not_found); unreadable: Error(permission); a directory or larger
// than `max_size`: Error(bad_input), decided from stat() so a 200 MB file is refused without reading it.
// `what` names the kind of file in the message ("certificate file").
std::string read_file(const std::filesystem::path& path, const std::string& what,
                      std::uint64_t max_size = k_max_pki_file_size);

// read_file for a file that holds a secret (a private key). A regular file whose mode lets group or
// others in (any of 0077) is refused with Error(permission) and a `chmod 600` hint, unless `allow_loose`:
// whoever else can read it already has the key. Decided on the opened file, so a swap after the check
// cannot slip a different file in. Pipes (`<(...)`) have no such mode and are read as they are.
// The bytes are read into the returned string only, without intermediate copies left behind (the read
// buffer is wiped): the caller wipes the string when done (core::wipe).
std::string read_secret_file(const std::filesystem::path& path, const std::string& what, bool allow_loose,
                             std::uint64_t max_size = k_max_pki_file_size);

}  // namespace certctl::core

namespace certctl::core {

// mkdir -p with 0700 for every directory it creates (umask can only narrow that, so no moment exists
// when group or others could enter). Existing directories are left as they are. Error(permission) or
// Error(cannot_write) naming the directory; `what` and `hint` go into that error.
void create_private_directories(const std::filesystem::path& dir, const std::string& what = "cannot create directory",
                                const std::string& hint = "check that the parent is writable and the disk is not full");

}  // namespace certctl::core
