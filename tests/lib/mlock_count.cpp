// tests/lib/mlock_count.cpp — preloaded into certctl (LD_PRELOAD, tests/cli/test_locked_pool.sh): counts the
// process's mlock() calls into CERTCTL_MLOCK_COUNT_FILE, so a test can tell whether Botan set up its locked memory
// pool (it locks the pool's pages one by one at its first secure allocation). The count is written at each call,
// not at exit, so it does not depend on how the process ends; no file means no call.
#include <dlfcn.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cstddef>
#include <cstdio>
#include <cstdlib>

namespace {
std::atomic<unsigned long> g_calls{0};

void record(unsigned long calls) {
    const char* path = std::getenv("CERTCTL_MLOCK_COUNT_FILE");
    if (path == nullptr) {
        return;
    }
    const int fd = ::open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        return;
    }
    char text[32];
    const int n = std::snprintf(text, sizeof text, "%lu\n", calls);
    if (n > 0) {
        (void)!::write(fd, text, static_cast<std::size_t>(n));
    }
    ::close(fd);
}
}  // namespace

extern "C" int mlock(const void* addr, std::size_t len) {
    using Real = int (*)(const void*, std::size_t);
    static const Real real = reinterpret_cast<Real>(::dlsym(RTLD_NEXT, "mlock"));
    record(++g_calls);
    return real != nullptr ? real(addr, len) : -1;
}
