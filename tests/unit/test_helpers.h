// tests/unit/test_helpers.h — small helpers more than one unit test needs: the error code a call throws, and a
// file written into a case's directory.
#pragma once
#include "lib/core/error.h"

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

namespace certctl::test {

// The code of the core::Error `f` throws; Errc::internal when it throws none (no refusal these tests expect is
// an internal error, so "== internal" reads as "accepted").
inline core::Errc code_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const core::Error& e) {
        return e.code();
    }
    return core::Errc::internal;
}

// Writes `data` to dir/name, byte for byte, and returns the path.
inline std::string write(const std::filesystem::path& dir, const std::string& name, const std::string& data) {
    const auto p = dir / name;
    std::ofstream(p, std::ios::binary) << data;
    return p.string();
}

}  // namespace certctl::test
