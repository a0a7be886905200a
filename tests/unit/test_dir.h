// tests/unit/test_dir.h — a fresh directory per test case inside one run directory, which
// tests/run_all.sh deletes only when every case passed (a failing run leaves its data to read).
#pragma once
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>

namespace certctl::test {

inline std::filesystem::path run_dir() {
    static const std::filesystem::path dir = [] {
        if (const char* env = std::getenv("CERTCTL_TEST_DIR"); env != nullptr && *env != '\0') {
            std::filesystem::create_directories(env);
            return std::filesystem::path(env);
        }
        std::string templ = (std::filesystem::temp_directory_path() / "certctl-unit-XXXXXX").string();
        return std::filesystem::path(::mkdtemp(templ.data()));
    }();
    return dir;
}

// A new, empty directory named after `label`.
inline std::filesystem::path case_dir(const std::string& label) {
    static std::atomic<int> counter{0};
    std::string safe;
    for (const char c : label) {
        safe += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    }
    const auto dir = run_dir() / (std::to_string(++counter) + "-" + safe.substr(0, 60));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

}  // namespace certctl::test
