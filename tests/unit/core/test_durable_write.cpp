// tests/unit/core/test_durable_write.cpp — the primitives under every durable writer.
#include "lib/core/durable_write.h"
#include "lib/core/file_io.h"
#include "tests/unit/test_dir.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <fstream>
#include <set>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace certctl;

TEST_SUITE("core::durable_write") {
    TEST_CASE("temporary names: .tmp.<pid>.<random digits>, different each time") {
        std::set<std::string> seen;
        const std::string prefix = ".tmp." + std::to_string(::getpid()) + ".";
        for (int i = 0; i < 100; ++i) {
            const std::string s = core::temp_suffix();
            REQUIRE(s.size() > prefix.size());
            CHECK(s.rfind(prefix, 0) == 0);
            CHECK(s.find_first_not_of("0123456789", prefix.size()) == std::string::npos);
            seen.insert(s);
        }
        CHECK(seen.size() == 100);
    }
    TEST_CASE("a temporary next to its target, with the mode asked for, written whole") {
        const auto dir = test::case_dir("durable_temp");
        const auto target = dir / "out.bin";
        std::filesystem::path temp;
        const int fd = core::create_temp_next_to(target, 0600, temp);
        REQUIRE(fd >= 0);
        CHECK(temp.parent_path() == dir);
        CHECK(temp.filename().string().rfind("out.bin.tmp.", 0) == 0);
        const std::string data(300000, 'x');
        CHECK(core::write_all(fd, data.data(), data.size()));
        core::start_writeback(fd);
        CHECK(::fsync(fd) == 0);
        ::close(fd);
        struct stat st {};
        REQUIRE(::stat(temp.c_str(), &st) == 0);
        CHECK((st.st_mode & 0777) == 0600);
        CHECK(core::read_file(temp, "test") == data);
        CHECK_FALSE(std::filesystem::exists(target));
        core::sync_directory(dir);
        core::sync_directory("");  // the current directory: must not throw
    }
    TEST_CASE("a missing directory is cannot_write, naming the target") {
        const auto target = test::case_dir("durable_missing") / "no" / "such" / "f";
        std::filesystem::path temp;
        try {
            core::create_temp_next_to(target, 0644, temp);
            FAIL("expected an error");
        } catch (const core::Error& e) {
            CHECK(e.code() == core::Errc::cannot_write);
            CHECK(e.subject() == target.string());
        }
        CHECK(core::write_errc(EACCES) == core::Errc::permission);
        CHECK(core::write_errc(EPERM) == core::Errc::permission);
        CHECK(core::write_errc(ENOSPC) == core::Errc::cannot_write);
    }
    TEST_CASE("write_all reports a failed write with errno") {
        errno = 0;
        CHECK_FALSE(core::write_all(-1, "x", 1));
        CHECK(errno == EBADF);
    }
    TEST_CASE("a dead writer's temporaries are swept by the next writer of the same target, a live one's kept") {
        const pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            ::_exit(0);
        }
        int status = 0;
        REQUIRE(::waitpid(child, &status, 0) == child);  // its pid is now a dead writer's
        const auto dir = test::case_dir("durable_stale");
        const std::string dead = ".tmp." + std::to_string(child) + ".123";
        const std::string live = ".tmp." + std::to_string(::getpid()) + ".456";
        for (const std::string& f : std::vector<std::string>{"a.pem" + dead, "b.pem" + dead, "a.pem" + live, "other.tmp.x"}) {
            std::ofstream(dir / f) << "leftover";  // plain writes: a durable writer would list the directory now
        }
        std::filesystem::path temp;
        ::close(core::create_temp_next_to(dir / "a.pem", 0600, temp));
        CHECK_FALSE(std::filesystem::exists(dir / ("a.pem" + dead)));
        CHECK(std::filesystem::exists(dir / ("b.pem" + dead)));  // another target's: not this writer's to sweep
        CHECK(std::filesystem::exists(dir / ("a.pem" + live)));  // a live writer's
        CHECK(std::filesystem::exists(dir / "other.tmp.x"));     // not a temporary's name
        // The second target in the same directory is swept from the listing the first write made.
        ::close(core::create_temp_next_to(dir / "b.pem", 0600, temp));
        CHECK_FALSE(std::filesystem::exists(dir / ("b.pem" + dead)));
    }
}
