// tests/lib/clock_shift.cpp — the shell tests' and benches' clock seam: preloaded into certctl
// (LD_PRELOAD, see tests/lib/clock_shift.sh), CERTCTL_TEST_CLOCK_SHIFT=SECONDS moves the wall clock
// (clock_gettime of CLOCK_REALTIME, gettimeofday, time) that far, so a certificate can walk through its renewal
// window or a backoff run out without waiting. Monotonic clocks stay as they are: timeouts keep their length.
#include <dlfcn.h>
#include <sys/time.h>
#include <time.h>

#include <cstdlib>

namespace {
long shift() {
    static const long seconds = [] {
        const char* text = std::getenv("CERTCTL_TEST_CLOCK_SHIFT");
        return text != nullptr ? std::strtol(text, nullptr, 10) : 0L;
    }();
    return seconds;
}

template <class F>
F next(const char* name) {
    return reinterpret_cast<F>(dlsym(RTLD_NEXT, name));
}
}  // namespace

extern "C" {
int clock_gettime(clockid_t id, struct timespec* ts) {
    static const auto real = next<int (*)(clockid_t, struct timespec*)>("clock_gettime");
    const int rc = real(id, ts);
    if (rc == 0 && (id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE)) {
        ts->tv_sec += shift();
    }
    return rc;
}

int gettimeofday(struct timeval* tv, void* tz) {
    static const auto real = next<int (*)(struct timeval*, void*)>("gettimeofday");
    const int rc = real(tv, tz);
    const void* const where = tv;  // glibc declares tv nonnull (a warning to compare it), yet NULL is harmless there
    if (rc == 0 && where != nullptr) {
        tv->tv_sec += shift();
    }
    return rc;
}

time_t time(time_t* out) {
    struct timespec ts {};
    clock_gettime(CLOCK_REALTIME, &ts);
    if (out != nullptr) {
        *out = ts.tv_sec;
    }
    return ts.tv_sec;
}
}
