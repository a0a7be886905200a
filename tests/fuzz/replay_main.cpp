// tests/fuzz/replay_main.cpp — certctl_fuzz_replay TARGET PATH...: runs one fuzz target's body over files
// (directories are read recursively, in name order), without libFuzzer, so the gcc build replays every seed
// and every regression file. A crash or an escaping exception ends the process; exit 0 means all passed.
#include "tests/fuzz/fuzz_target.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <vector>

namespace certctl::fuzz {
namespace {
std::map<std::string, TargetFn>& targets() {
    static std::map<std::string, TargetFn> table;
    return table;
}

std::vector<std::filesystem::path> inputs(const std::filesystem::path& root) {
    std::vector<std::filesystem::path> out;
    if (std::filesystem::is_directory(root)) {
        for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
            if (e.is_regular_file()) {
                out.push_back(e.path());
            }
        }
        std::sort(out.begin(), out.end());
    } else {
        out.push_back(root);
    }
    return out;
}
}  // namespace

bool register_target(const char* name, TargetFn fn) {
    targets()[name] = fn;
    return true;
}
}  // namespace certctl::fuzz

int main(int argc, char** argv) {
    using certctl::fuzz::targets;
    if (argc < 3 || targets().count(argv[1]) == 0) {
        std::cerr << "usage: certctl_fuzz_replay TARGET PATH...\ntargets:";
        for (const auto& [name, fn] : targets()) {
            std::cerr << ' ' << name;
        }
        std::cerr << '\n';
        return 64;
    }
    const auto fn = targets()[argv[1]];
    std::size_t count = 0;
    for (int i = 2; i < argc; ++i) {
        if (!std::filesystem::exists(argv[i])) {
            std::cerr << "certctl_fuzz_replay: no such file or directory: " << argv[i] << '\n';
            return 66;
        }
        for (const auto& path : certctl::fuzz::inputs(argv[i])) {
            std::ifstream in(path, std::ios::binary);
            const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            std::cerr << "replay " << argv[1] << ' ' << path.string() << '\n';
            fn(bytes.data(), bytes.size());
            ++count;
        }
    }
    std::cout << argv[1] << ": " << count << " inputs replayed\n";
    return 0;
}
