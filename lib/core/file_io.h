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

}  // namespace certctl::core
