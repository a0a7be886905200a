// tests/unit/crl/test_generation.cpp — the published CRL state switches whole: a generation not committed
// publishes nothing, a commit publishes every file at once, a store without generations is converted with its
// content unchanged, and what a killed run left is swept.
#include "crl/generation.h"
#include "lib/core/atomic_file.h"
#include "lib/core/file_io.h"
#include "lib/core/store_paths.h"
#include "tests/unit/test_dir.h"

#include <doctest/doctest.h>
#include <sys/stat.h>

using namespace certctl;
namespace fs = std::filesystem;

namespace {
std::string read(const fs::path& p) { return core::read_file(p, "test file"); }

std::size_t generations(const fs::path& crl) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(crl / "gen")) {
        ++n;
    }
    return n;
}
}  // namespace

TEST_SUITE("crl::Generation") {
    TEST_CASE("nothing is published until commit, then every file at once; the old generation is removed") {
        const core::StorePaths paths(test::case_dir("switch"));
        const fs::path crl = paths.crl_dir();
        {
            crl::Generation first(paths);
            core::write_file_atomic(first.dir() / "master.csv", "v1\n");
            core::write_file_atomic(first.source_crl("a"), "crl a1");
            first.commit();
        }
        CHECK(read(crl / "master.csv") == "v1\n");
        CHECK(read(crl / "sources" / "a.crl") == "crl a1");
        {
            crl::Generation next(paths);
            // The published files are linked in: unchanged ones carry over without being written.
            CHECK(read(next.dir() / "master.csv") == "v1\n");
            core::write_file_atomic(next.dir() / "master.csv", "v2\n");
            core::write_file_atomic(next.source_crl("a"), "crl a2");
            core::write_file_atomic(next.source_crl("b"), "crl b1");
            // Built but not committed: readers still see the old state, the old files untouched.
            CHECK(read(crl / "master.csv") == "v1\n");
            CHECK(read(crl / "sources" / "a.crl") == "crl a1");
            CHECK_FALSE(fs::exists(crl / "sources" / "b.crl"));
            next.commit();
        }
        CHECK(read(crl / "master.csv") == "v2\n");
        CHECK(read(crl / "sources" / "a.crl") == "crl a2");
        CHECK(read(crl / "sources" / "b.crl") == "crl b1");
        CHECK(generations(crl) == 1);
        {
            crl::Generation abandoned(paths);
            core::write_file_atomic(abandoned.dir() / "master.csv", "v3\n");
        }  // destroyed without commit: removed, nothing published
        CHECK(read(crl / "master.csv") == "v2\n");
        CHECK(generations(crl) == 1);
    }
    TEST_CASE("a generation left half-built by a killed run is swept by the next") {
        const core::StorePaths paths(test::case_dir("sweep"));
        const fs::path crl = paths.crl_dir();
        crl::Generation(paths).commit();
        const std::string current = fs::read_symlink(crl / "current").string();
        fs::create_directories(crl / "gen" / "99" / "sources");
        core::write_file_atomic(crl / "gen" / "99" / "master.csv", "partial\n");
        // A switch killed between its symlink() and its rename() leaves the new link under a temporary name.
        fs::create_symlink("gen/99", crl / "current.tmp.4242.17");
        crl::Generation next(paths);
        CHECK_FALSE(fs::exists(crl / "gen" / "99"));
        CHECK_FALSE(fs::is_symlink(crl / "current.tmp.4242.17"));
        CHECK(fs::read_symlink(crl / "current").string() == current);
    }
    TEST_CASE("a store published before generations is converted with its content, then switches as one") {
        const core::StorePaths paths(test::case_dir("flat"));
        const fs::path crl = paths.crl_dir();
        fs::create_directories(crl / "sources");
        ::chmod(crl.c_str(), 0750);
        core::write_file_atomic(crl / "master.idx", "index");
        core::write_file_atomic(crl / "master.csv", "csv\n");
        core::write_file_atomic(crl / "master-sources.csv", "sources\n");
        core::write_file_atomic(crl / "sources" / "a.crl", "crl a1");
        {
            crl::Generation next(paths);
            // Converted before anything new is published: the same content through the same paths.
            CHECK(fs::is_symlink(crl / "master.idx"));
            CHECK(fs::is_symlink(crl / "sources"));
            CHECK(read(crl / "master.idx") == "index");
            CHECK(read(crl / "master-sources.csv") == "sources\n");
            CHECK(read(crl / "sources" / "a.crl") == "crl a1");
            CHECK_FALSE(fs::exists(crl / "sources.flat"));
            core::write_file_atomic(next.source_crl("a"), "crl a2");
            next.commit();
        }
        CHECK(read(crl / "sources" / "a.crl") == "crl a2");
        CHECK(read(crl / "master.csv") == "csv\n");
        // A group the operator let into crl/ can enter the generations too.
        struct stat st {};
        REQUIRE(::stat((crl / fs::read_symlink(crl / "current")).c_str(), &st) == 0);
        CHECK((st.st_mode & 0777) == 0750);
    }
}
