// lib/core/wipe.cpp — explicit_bzero over what a string owns.
#include "lib/core/wipe.h"

#include <atomic>
#include <cstring>

namespace certctl::core {

void wipe(void* data, std::size_t size) noexcept {
    if (data != nullptr && size > 0) {
        ::explicit_bzero(data, size);
    }
}

namespace {
constexpr std::size_t k_stack_wipe_bytes = 256 * 1024;
std::atomic<bool> g_stack_wiped{false};
}  // namespace

// noinline: its frame must lie below the caller's, over the dead frames it clears.
__attribute__((noinline)) void wipe_stack() noexcept {
    unsigned char area[k_stack_wipe_bytes];
    ::explicit_bzero(area, sizeof area);
    g_stack_wiped.store(true, std::memory_order_relaxed);
}

void wipe_stack_if_used() noexcept {
    if (g_stack_wiped.load(std::memory_order_relaxed)) {
        wipe_stack();
    }
}

void wipe(std::string& s) noexcept {
    wipe(s.data(), s.capacity());
    s.clear();
}

void wipe(std::optional<std::string>& s) noexcept {
    if (s) {
        wipe(*s);
    }
}

}  // namespace certctl::core
