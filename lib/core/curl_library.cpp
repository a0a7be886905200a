// lib/core/curl_library.cpp — dlopen libcurl and resolve the entry points certctl uses (see the header).
#include "lib/core/curl_library.h"

#include "lib/core/error.h"

#include <dlfcn.h>
#include <mutex>
#include <string>

namespace certctl::core {

namespace {
constexpr const char* k_library = "libcurl.so.4";  // the soname libcurl4(-openssl)-dev links against

template <class F>
void resolve(void* handle, const char* symbol, F& out) {
    void* p = ::dlsym(handle, symbol);
    if (p == nullptr) {
        throw Error(Errc::unavailable, "load libcurl", k_library, std::string("no symbol ") + symbol,
                    "install Debian's libcurl4 (scripts/install-deps)");
    }
    out = reinterpret_cast<F>(p);
}

CurlLibrary load() {
    void* handle = ::dlopen(k_library, RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
        const char* why = ::dlerror();
        throw Error(Errc::unavailable, "load libcurl", k_library, why != nullptr ? why : "dlopen failed",
                    "install Debian's libcurl4 (scripts/install-deps)");
    }
    CURLcode (*global_init)(long) = nullptr;
    resolve(handle, "curl_global_init", global_init);
    CurlLibrary lib{};
    resolve(handle, "curl_easy_init", lib.easy_init);
    resolve(handle, "curl_easy_setopt", lib.easy_setopt);
    resolve(handle, "curl_easy_perform", lib.easy_perform);
    resolve(handle, "curl_easy_getinfo", lib.easy_getinfo);
    resolve(handle, "curl_easy_cleanup", lib.easy_cleanup);
    resolve(handle, "curl_easy_strerror", lib.easy_strerror);
    resolve(handle, "curl_slist_append", lib.slist_append);
    resolve(handle, "curl_slist_free_all", lib.slist_free_all);
    resolve(handle, "curl_version_info", lib.version_info);
    if (global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        throw Error(Errc::unavailable, "initialise libcurl", k_library, "curl_global_init failed");
    }
    return lib;  // the handle stays open for the life of the process, as a linked library would
}
}  // namespace

const CurlLibrary& curl_library() {
    static std::once_flag once;
    static CurlLibrary lib;
    std::call_once(once, [] { lib = load(); });  // a throw leaves the flag unset: the next call tries again
    return lib;
}

}  // namespace certctl::core
