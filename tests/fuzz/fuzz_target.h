// tests/fuzz/fuzz_target.h — one fuzz target's body, built two ways: as a libFuzzer target (-Dfuzzing=true,
// clang) and into certctl_fuzz_replay, which the normal suite runs over every seed and regression file.
//
// CERTCTL_FUZZ_TARGET(name) { ... } defines the body; `data`/`size` are the input. The body runs inside
// fuzz_guard: core::Error is the expected answer to bad input and is swallowed, except Errc::internal, which
// certctl reserves for bugs. Anything else (another exception type, a crash, a sanitizer report, a leak,
// std::bad_alloc from a size taken on trust) escapes and fails the run.
#pragma once
#include "lib/core/error.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace certctl::fuzz {

using TargetFn = void (*)(const std::uint8_t* data, std::size_t size);

template <typename F>
void fuzz_guard(F&& body) {
    try {
        body();
    } catch (const core::Error& e) {
        if (e.code() == core::Errc::internal) {
            std::fprintf(stderr, "internal error on fuzz input: %s\n", e.what());
            std::abort();
        }
    }
}

inline std::string as_string(const std::uint8_t* data, std::size_t size) {
    return std::string(reinterpret_cast<const char*>(data), size);
}

#ifndef CERTCTL_FUZZ_LIBFUZZER
// Replay build: targets register themselves by name (tests/fuzz/replay_main.cpp looks them up).
bool register_target(const char* name, TargetFn fn);
#endif

}  // namespace certctl::fuzz

#ifdef CERTCTL_FUZZ_LIBFUZZER
#define CERTCTL_FUZZ_TARGET(name)                                                                   \
    static void certctl_fuzz_body_##name(const std::uint8_t* data, std::size_t size);             \
    extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {            \
        certctl::fuzz::fuzz_guard([&] { certctl_fuzz_body_##name(data, size); });                   \
        return 0;                                                                                  \
    }                                                                                              \
    static void certctl_fuzz_body_##name(const std::uint8_t* data, std::size_t size)
#else
#define CERTCTL_FUZZ_TARGET(name)                                                                   \
    static void certctl_fuzz_body_##name(const std::uint8_t* data, std::size_t size);             \
    static void certctl_fuzz_guarded_##name(const std::uint8_t* data, std::size_t size) {          \
        certctl::fuzz::fuzz_guard([&] { certctl_fuzz_body_##name(data, size); });                   \
    }                                                                                              \
    [[maybe_unused]] static const bool certctl_fuzz_registered_##name =                                           \
        certctl::fuzz::register_target(#name, certctl_fuzz_guarded_##name);                        \
    static void certctl_fuzz_body_##name(const std::uint8_t* data, std::size_t size)
#endif
