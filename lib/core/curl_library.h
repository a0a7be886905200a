// lib/core/curl_library.h — libcurl, opened on first use with dlopen instead of linked.
// Why: linking libcurl loads it and ~35 libraries it needs (TLS, LDAP, Kerberos, SSH, ...) into every certctl
// process; their relocation was most of a process's start-up (8.5 ms of CPU for `certctl --version`), which
// commands that never touch the network — `crl lookup` above all — paid every time. Only `crl refresh` and
// `trust probe` call these.
#pragma once
#include <curl/curl.h>

namespace certctl::core {

struct CurlLibrary {
    CURL* (*easy_init)();
    CURLcode (*easy_setopt)(CURL*, CURLoption, ...);
    CURLcode (*easy_perform)(CURL*);
    CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...);
    void (*easy_cleanup)(CURL*);
    const char* (*easy_strerror)(CURLcode);
    curl_slist* (*slist_append)(curl_slist*, const char*);
    void (*slist_free_all)(curl_slist*);
    curl_version_info_data* (*version_info)(CURLversion);
};

// Opens libcurl.so.4 once (thread-safe) and runs curl_global_init. Throws Error(unavailable) naming the
// library and the loader's reason when it cannot be opened (package libcurl4 missing).
const CurlLibrary& curl_library();

}  // namespace certctl::core
