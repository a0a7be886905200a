// tests/lib/secret_scan.cpp — preloaded into certctl (LD_PRELOAD, tests/cli/test_secrets_in_memory.sh): when the
// process exits, after main() has returned and every object is destroyed, it searches every writable mapping (the
// heap, freed chunks included, the stacks below their live frames, anonymous maps, the libraries' data) for byte
// strings that must not outlive their use: a passphrase, a private key's scalar, the base64 lines of its PEM.
//
// CERTCTL_SECRET_SCAN_NEEDLES names a file of lines "LABEL HEX": HEX is the secret with every byte XORed with 0x5a.
// The needles never exist in clear in this process (the comparison unmasks one byte at a time), so the scan cannot
// find its own copy. CERTCTL_SECRET_SCAN_REPORT names the file it writes: "found LABEL at ADDRESS in MAPPING" per
// hit, then "scanned BYTES bytes in N mappings". Two controls prove each run could find something: the needle
// labelled "control-argv" (a command-line argument: on the stack) and "control-heap" (CERTCTL_SECRET_SCAN_CANARY, in
// the same masked hex, unmasked into a heap block that stays allocated) must be reported as found.
//
// It uses no allocator and no stdio after start-up (both are torn down or in use at exit): system calls and static
// buffers only.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {
constexpr unsigned char k_mask = 0x5a;
constexpr std::size_t k_max_needles = 64;
constexpr std::size_t k_max_needle = 4096;
// Mappings larger than this are address-space reservations (a sanitizer's shadow), not data certctl wrote.
constexpr std::uintptr_t k_max_mapping = std::uintptr_t{1} << 30;

struct Needle {
    char label[64];
    unsigned char masked[k_max_needle];
    std::size_t size;
};
Needle g_needles[k_max_needles];
std::size_t g_count = 0;
char g_report[4096];
char g_maps[1 << 20];  // /proc/self/maps, read whole before scanning (a 2-core test machine has a few hundred lines)

int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::size_t read_whole(const char* path, char* buf, std::size_t cap) {
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    std::size_t used = 0;
    while (used + 1 < cap) {
        const ssize_t n = ::read(fd, buf + used, cap - 1 - used);
        if (n <= 0) break;
        used += static_cast<std::size_t>(n);
    }
    ::close(fd);
    buf[used] = '\0';
    return used;
}

void load_needles(const char* path) {
    static char text[k_max_needles * (2 * k_max_needle + 80)];
    read_whole(path, text, sizeof text);
    for (char* line = text; *line != '\0' && g_count < k_max_needles;) {
        char* end = std::strchr(line, '\n');
        if (end != nullptr) *end = '\0';
        const char* space = std::strchr(line, ' ');
        if (space != nullptr) {
            Needle& n = g_needles[g_count];
            const std::size_t label = std::min<std::size_t>(static_cast<std::size_t>(space - line), sizeof n.label - 1);
            std::memcpy(n.label, line, label);
            n.label[label] = '\0';
            n.size = 0;
            for (const char* h = space + 1; hex(h[0]) >= 0 && hex(h[1]) >= 0 && n.size < k_max_needle; h += 2) {
                n.masked[n.size++] = static_cast<unsigned char>(hex(h[0]) * 16 + hex(h[1]));
            }
            if (n.size >= 8) ++g_count;  // shorter strings would match by chance
        }
        if (end == nullptr) break;
        line = end + 1;
    }
}

void append(char*& out, const char* end, const char* text) {
    while (*text != '\0' && out < end) *out++ = *text++;
}

void append_hex(char*& out, const char* end, std::uintptr_t value) {
    char digits[2 + 16];
    std::size_t n = 0;
    do {
        digits[n++] = "0123456789abcdef"[value & 15];
        value >>= 4;
    } while (value != 0);
    append(out, end, "0x");
    while (n > 0 && out < end) *out++ = digits[--n];
}

void append_dec(char*& out, const char* end, std::uint64_t value) {
    char digits[24];
    std::size_t n = 0;
    do {
        digits[n++] = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value != 0);
    while (n > 0 && out < end) *out++ = digits[--n];
}

bool matches(const unsigned char* at, const Needle& n) {
    for (std::size_t i = 0; i < n.size; ++i) {
        if ((at[i] ^ k_mask) != n.masked[i]) return false;
    }
    return true;
}

// One line of the report: which needle, where, in which mapping (no allocation: the heap may be gone).
void report_match(int out_fd, const Needle& n, const unsigned char* at, const char* name, const unsigned char* base) {
    char* o = g_report;
    const char* end = g_report + sizeof g_report - 1;
    append(o, end, "found ");
    append(o, end, n.label);
    append(o, end, " at ");
    append_hex(o, end, reinterpret_cast<std::uintptr_t>(at));
    append(o, end, " in ");
    append(o, end, name);
    append(o, end, " +");
    append_hex(o, end, static_cast<std::uintptr_t>(at - base));
    *o++ = '\n';
    (void)!::write(out_fd, g_report, static_cast<std::size_t>(o - g_report));
}

// Every needle over one mapping.
void scan_mapping(int out_fd, const unsigned char* base, std::size_t size, const char* name) {
    for (std::size_t k = 0; k < g_count; ++k) {
        const Needle& n = g_needles[k];
        const int first = n.masked[0] ^ k_mask;
        for (const unsigned char* at = base; at + n.size <= base + size;) {
            at = static_cast<const unsigned char*>(std::memchr(at, first, (base + size) - at - n.size + 1));
            if (at == nullptr)
                break;
            if (matches(at, n))
                report_match(out_fd, n, at, name, base);
            ++at;
        }
    }
}

void scan() {
    const char* report_path = std::getenv("CERTCTL_SECRET_SCAN_REPORT");
    if (report_path == nullptr) return;
    const int out_fd = ::open(report_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (out_fd < 0) return;
    read_whole("/proc/self/maps", g_maps, sizeof g_maps);
    std::uint64_t scanned = 0;
    std::uint64_t mappings = 0;
    for (char* line = g_maps; *line != '\0';) {
        char* eol = std::strchr(line, '\n');
        if (eol != nullptr) *eol = '\0';
        char* rest = nullptr;
        const std::uintptr_t from = std::strtoull(line, &rest, 16);
        const std::uintptr_t to = std::strtoull(rest + 1, &rest, 16);
        const char* perms = rest + 1;
        // "rw": written by the process. Read-only mappings are files and code; [vvar] and guard pages are not "rw".
        if (perms[0] == 'r' && perms[1] == 'w' && to > from && to - from <= k_max_mapping) {
            const char* name = std::strchr(perms, '/');
            if (name == nullptr) name = std::strchr(perms, '[');
            if (name == nullptr) name = "[anonymous]";
            scan_mapping(out_fd, reinterpret_cast<const unsigned char*>(from), to - from, name);
            scanned += to - from;
            ++mappings;
        }
        if (eol == nullptr) break;
        line = eol + 1;
    }
    char* o = g_report;
    const char* end = g_report + sizeof g_report - 1;
    append(o, end, "scanned ");
    append_dec(o, end, scanned);
    append(o, end, " bytes in ");
    append_dec(o, end, mappings);
    append(o, end, " mappings\n");
    (void)!::write(out_fd, g_report, static_cast<std::size_t>(o - g_report));
    ::close(out_fd);
}

// Registered before main() starts, so it runs after main() has returned and the program's static objects are
// destroyed (handlers run in reverse order of registration).
__attribute__((constructor)) void start() {
    const char* needles = std::getenv("CERTCTL_SECRET_SCAN_NEEDLES");
    if (needles == nullptr) return;
    load_needles(needles);
    if (const char* canary = std::getenv("CERTCTL_SECRET_SCAN_CANARY")) {
        // The heap control: the canary, in clear only in a block that stays allocated in certctl's heap.
        const std::size_t n = std::strlen(canary) / 2;
        auto* block = static_cast<unsigned char*>(std::malloc(n + 1));
        for (std::size_t i = 0; block != nullptr && i < n && hex(canary[2 * i]) >= 0 && hex(canary[2 * i + 1]) >= 0; ++i) {
            block[i] = static_cast<unsigned char>((hex(canary[2 * i]) * 16 + hex(canary[2 * i + 1])) ^ k_mask);
        }
    }
    std::atexit(scan);
}
}  // namespace
