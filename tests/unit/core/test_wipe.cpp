// tests/unit/core/test_wipe.cpp — secrets in strings are zeroed over their whole buffer; a secret file is read
// whole, also through a pipe longer than the read buffer.
#include "lib/core/file_io.h"
#include "lib/core/wipe.h"
#include "tests/unit/test_dir.h"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

using namespace certctl;

TEST_SUITE("core::wipe") {
    TEST_CASE("wipe zeroes the string's whole buffer, beyond a shorter value, and empties it") {
        std::string s(100, 'k');
        s.assign(10, 'p');  // the same buffer: 90 bytes of the old value beyond the new end
        const char* buffer = s.data();
        const std::size_t capacity = s.capacity();
        REQUIRE(capacity >= 100);
        core::wipe(s);
        CHECK(s.empty());
        CHECK(s.data() == buffer);  // not reallocated: the bytes below were the secret's
        CHECK(std::all_of(buffer, buffer + capacity, [](char c) { return c == '\0'; }));
        std::optional<std::string> pass = std::string(40, 'x');
        const char* pass_buffer = pass->data();
        {
            const core::WipeOnExit guard(pass);
        }
        CHECK(pass->empty());
        CHECK(std::all_of(pass_buffer, pass_buffer + 40, [](char c) { return c == '\0'; }));
        std::optional<std::string> none;
        core::wipe(none);  // nothing to do, no crash
        CHECK_FALSE(none.has_value());
    }
    TEST_CASE("a secret file is read whole: a regular file, and a pipe longer than the read buffer") {
        const auto dir = test::case_dir("wipe read");
        const std::string content = [] {
            std::string c;
            for (int i = 0; c.size() < 200000; ++i) {
                c += "line " + std::to_string(i) + "\n";
            }
            return c;
        }();
        std::ofstream(dir / "key") << content;
        ::chmod((dir / "key").c_str(), 0600);
        CHECK(core::read_secret_file(dir / "key", "key file", false) == content);
        int fds[2];
        REQUIRE(::pipe(fds) == 0);
        const pid_t writer = ::fork();
        REQUIRE(writer >= 0);
        if (writer == 0) {
            ::close(fds[0]);
            for (std::size_t at = 0; at < content.size();) {
                const ssize_t n = ::write(fds[1], content.data() + at, std::min<std::size_t>(4096, content.size() - at));
                if (n <= 0) {
                    ::_exit(1);
                }
                at += static_cast<std::size_t>(n);
            }
            ::_exit(0);
        }
        ::close(fds[1]);
        const std::string through_pipe =
            core::read_secret_file("/proc/self/fd/" + std::to_string(fds[0]), "key file", false);
        ::close(fds[0]);
        int status = 0;
        ::waitpid(writer, &status, 0);
        CHECK(through_pipe == content);
        CHECK(WIFEXITED(status));
    }
}
