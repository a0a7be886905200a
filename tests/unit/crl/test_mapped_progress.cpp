// tests/unit/crl/test_mapped_progress.cpp — the walk of a mapped CRL waits while it leads the signature's hash
// by more than the window, and goes on once the hash catches up or is over; an unmapped CRL never waits.
#include "crl/mapped_progress.h"
#include "tests/unit/test_dir.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <string>
#include <thread>

using namespace certctl;

namespace {
constexpr std::size_t k_size = 1u << 20;
constexpr std::size_t k_window = 64u << 10;

std::filesystem::path file_of_size(const std::string& label) {
    const auto path = test::case_dir(label) / "big.crl";
    std::ofstream(path, std::ios::binary) << std::string(k_size, '\x30');
    return path;
}

// Calls walked(p) on a thread of its own; `returned` says whether it has returned.
struct Walker {
    std::atomic<bool> returned{false};
    std::thread thread;
    Walker(crl::MappedProgress& progress, const std::uint8_t* p)
        : thread([this, &progress, p] {
              progress.walked(p);
              returned = true;
          }) {}
    ~Walker() { thread.join(); }
    // True once it returned, within a second.
    bool returns() {
        for (int i = 0; i < 1000 && !returned; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        return returned;
    }
};
}  // namespace

TEST_SUITE("crl::MappedProgress") {
    TEST_CASE("the walk waits while it leads the hash by more than the window") {
        const crl::MappedFile map(file_of_size("lead"), "test CRL", k_size);
        const crl::ByteSpan der = map.bytes();
        crl::MappedProgress progress(&map, der, k_window);
        progress.walked(der.data + k_window);  // exactly the window ahead: no wait
        Walker walker(progress, der.data + 512 * 1024);
        progress.hashed(der.data + 100 * 1024);  // still 412 KiB behind
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        CHECK_FALSE(walker.returned);
        progress.hashed(der.data + 512 * 1024 - k_window);  // within the window now
        CHECK(walker.returns());
    }
    TEST_CASE("a hash that is over (done or failed) lets the walk run to the end") {
        const crl::MappedFile map(file_of_size("over"), "test CRL", k_size);
        const crl::ByteSpan der = map.bytes();
        crl::MappedProgress progress(&map, der, k_window);
        Walker walker(progress, der.data + k_size - 1);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        CHECK_FALSE(walker.returned);
        progress.hash_over();
        CHECK(walker.returns());
        progress.walked(der.data + k_size);  // later steps do not wait either
    }
    TEST_CASE("a CRL that is not mapped (decoded PEM) never waits") {
        const std::string der(k_size, '\x30');
        const crl::ByteSpan span{reinterpret_cast<const std::uint8_t*>(der.data()), der.size()};
        crl::MappedProgress progress(nullptr, span, k_window);
        Walker walker(progress, span.data + k_size);
        CHECK(walker.returns());
    }
}
