// tests/fuzz/scratch_file.h — targets whose parser reads a file (the configuration, the master index) get
// the input written to one file in a private temporary directory, made once per process.
#pragma once
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace certctl::fuzz {

inline const std::filesystem::path& scratch_dir() {
    static const std::filesystem::path dir = [] {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/certctl-fuzz-XXXXXX";
        if (::mkdtemp(pattern.data()) == nullptr) {
            std::abort();
        }
        const std::filesystem::path made(pattern);
        std::atexit([] { std::error_code ec; std::filesystem::remove_all(scratch_dir(), ec); });
        return made;
    }();
    return dir;
}

// Writes `size` bytes to `path` (replacing it); aborts when it cannot, which is no finding of certctl's.
inline void write_scratch(const std::filesystem::path& path, const std::uint8_t* data, std::size_t size) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!out.flush()) {
        std::abort();
    }
}

}  // namespace certctl::fuzz
