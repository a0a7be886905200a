// tests/unit/ca/test_batch_files.cpp — many files all-or-nothing: a new directory whole, an existing one
// file by file, nothing left behind when the batch is abandoned, writes from several threads.
#include "lib/ca/batch_files.h"
#include "lib/core/error.h"
#include "tests/unit/test_dir.h"

#include <doctest/doctest.h>
#include <algorithm>
#include <fstream>
#include <sstream>
#include <thread>

using namespace certctl;

namespace {
std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::filesystem::path> targets_in(const std::filesystem::path& dir, int n) {
    std::vector<std::filesystem::path> out;
    for (int i = 0; i < n; ++i) {
        out.push_back(dir / ("f" + std::to_string(i) + ".pem"));
    }
    return out;
}

// Every entry of `dir`, names only.
std::vector<std::string> entries(const std::filesystem::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(dir)) {
        out.push_back(e.path().filename().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}
}  // namespace

TEST_SUITE("ca::BatchFiles") {
    TEST_CASE("a new directory appears only at commit, complete, written from two threads") {
        const auto base = test::case_dir("new-dir");
        const auto out = base / "nested" / "issued";
        {
            ca::BatchFiles files(targets_in(out, 50), true);
            std::thread other([&] {
                for (int i = 1; i < 50; i += 2) {
                    files.write(i, "odd " + std::to_string(i));
                }
            });
            for (int i = 0; i < 50; i += 2) {
                files.write(i, "even " + std::to_string(i));
            }
            other.join();
            CHECK_FALSE(std::filesystem::exists(out));
            files.start_flush();
            files.commit();
        }
        REQUIRE(std::filesystem::is_directory(out));
        CHECK(entries(out).size() == 50);
        CHECK(slurp(out / "f7.pem") == "odd 7");
        CHECK(slurp(out / "f8.pem") == "even 8");
        CHECK(entries(base / "nested") == std::vector<std::string>{"issued"});  // no staging directory left
    }
    TEST_CASE("into an existing directory files are replaced one by one and others are kept") {
        const auto dir = test::case_dir("existing");
        std::ofstream(dir / "f0.pem") << "old";
        std::ofstream(dir / "keep.txt") << "keep";
        {
            ca::BatchFiles files(targets_in(dir, 3), true);
            for (int i = 0; i < 3; ++i) {
                files.write(i, "new");
            }
            CHECK(slurp(dir / "f0.pem") == "old");  // nothing visible before the commit
            files.commit();
        }
        CHECK(entries(dir) == std::vector<std::string>{"f0.pem", "f1.pem", "f2.pem", "keep.txt"});
        CHECK(slurp(dir / "f0.pem") == "new");
    }
    TEST_CASE("an abandoned batch leaves neither files nor directories") {
        const auto base = test::case_dir("abandoned");
        std::ofstream(base / "f0.pem") << "old";
        {
            ca::BatchFiles into_new(targets_in(base / "issued", 4), true);
            into_new.write(0, "x");
            into_new.write(1, "y");
            ca::BatchFiles into_existing(targets_in(base, 2), true);
            into_existing.write(0, "x");
            into_existing.start_flush();
        }
        CHECK(entries(base) == std::vector<std::string>{"f0.pem"});
        CHECK(slurp(base / "f0.pem") == "old");
    }
    TEST_CASE("without create_dirs a missing directory is a clear error") {
        const auto base = test::case_dir("missing");
        ca::BatchFiles files({base / "no-such-dir" / "one.pem"}, false);
        try {
            files.write(0, "x");
            FAIL("expected an error");
        } catch (const core::Error& e) {
            CHECK(e.code() == core::Errc::cannot_write);
            CHECK(std::string(e.what()).find("one.pem") != std::string::npos);
        }
    }
}
