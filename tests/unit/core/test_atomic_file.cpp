// tests/unit/core/test_atomic_file.cpp — whole or nothing, modes from byte one, no overwrite when refused.
#include "lib/core/atomic_file.h"
#include "lib/core/error.h"
#include "lib/core/file_io.h"
#include "tests/unit/test_dir.h"

#include <doctest/doctest.h>
#include <fstream>
#include <string>
#include <sys/stat.h>
#include <vector>

using namespace certctl;

TEST_SUITE("core::AtomicFile") {
    TEST_CASE("an uncommitted write leaves the old file and no temporary") {
        const auto dir = test::case_dir("uncommitted");
        const auto target = dir / "f.txt";
        core::write_file_atomic(target, "old");
        {
            core::AtomicFile out(target, 0644);
            out.write("new");
        }
        CHECK(core::read_file(target, "test") == "old");
        CHECK(std::distance(std::filesystem::directory_iterator(dir), {}) == 1);
    }
    TEST_CASE("commit replaces, and the mode is what was asked") {
        const auto dir = test::case_dir("commit");
        const auto target = dir / "k.key";
        core::AtomicFile out(target, 0600);
        out.write("secret");
        out.commit();
        struct ::stat st {};
        REQUIRE(::stat(target.c_str(), &st) == 0);
        CHECK((st.st_mode & 0777) == 0600);
        CHECK(core::read_file(target, "test") == "secret");
    }
    TEST_CASE("sync and write-back early do not publish; what is written after sync is kept too") {
        const auto dir = test::case_dir("sync");
        const auto target = dir / "list.csv";
        core::write_file_atomic(target, "old");
        core::AtomicFile out(target, 0644);
        out.write("first,");
        out.start_writeback();
        out.sync();
        CHECK(core::read_file(target, "test") == "old");  // still the old file until commit
        out.write("second");
        out.commit();
        CHECK(core::read_file(target, "test") == "first,second");
    }
    TEST_CASE("Replace::refuse never overwrites") {
        const auto dir = test::case_dir("refuse");
        const auto target = dir / "k.key";
        core::write_file_atomic(target, "first", 0600);
        core::AtomicFile out(target, 0600, core::AtomicFile::Replace::refuse);
        out.write("second");
        CHECK_THROWS_AS(out.commit(), core::Error);
        CHECK(core::read_file(target, "test") == "first");
    }
    TEST_CASE("Replace::refuse puts a new file in place and leaves no temporary beside it") {
        const auto dir = test::case_dir("refuse_new");
        const auto target = dir / "k.key";
        {
            core::AtomicFile out(target, 0600, core::AtomicFile::Replace::refuse);
            out.write("only");
            out.commit();
        }
        CHECK(core::read_file(target, "test") == "only");
        std::vector<std::string> names;
        for (const auto& entry : std::filesystem::directory_iterator(dir)) {
            names.push_back(entry.path().filename().string());
        }
        CHECK(names == std::vector<std::string>{"k.key"});
    }
    TEST_CASE("read_file refuses large files from stat and names missing ones") {
        const auto dir = test::case_dir("read_file");
        const auto big = dir / "big";
        {
            std::ofstream f(big);
            f.seekp(1 << 20);
            f << 'x';
        }
        try {
            core::read_file(big, "certificate file", 1000);
            FAIL("no throw");
        } catch (const core::Error& e) {
            CHECK(e.code() == core::Errc::bad_input);
            CHECK(std::string(e.what()).find("too large") != std::string::npos);
        }
        try {
            core::read_file(dir / "missing", "certificate file");
            FAIL("no throw");
        } catch (const core::Error& e) {
            CHECK(e.code() == core::Errc::not_found);
        }
    }
}
