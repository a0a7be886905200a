// crl/fetcher.h — one CRL transfer: libcurl for http(s), a stat and a map for file://.
#pragma once
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace certctl::crl {

struct FetchRequest {
    std::string url;
    std::optional<std::string> etag;           // sent as If-None-Match
    std::optional<std::string> last_modified;  // sent as If-Modified-Since
    std::filesystem::path body_file;           // http(s): where the body is written (created 0600)
    std::chrono::milliseconds connect_timeout{10000};
    std::chrono::milliseconds total_timeout{120000};
    std::uint64_t max_size = 256ULL << 20;
    std::string proxy;    // empty: libcurl reads http_proxy/https_proxy/no_proxy from the environment
    std::string ca_file;  // empty: the system CA bundle
};

struct FetchResult {
    enum class Outcome { fetched, not_modified, failed } outcome = Outcome::failed;
    std::string error;          // when failed: "HTTP 404 from http://...", "no answer within 30s"
    long http_status = 0;
    std::optional<std::string> etag;
    std::optional<std::string> last_modified;
    std::uint64_t size = 0;
    std::filesystem::path body;  // the CRL bytes: body_file, or for file:// the source file itself
    bool body_is_temporary = false;
};

// Never throws for a remote failure: every transfer problem is a FetchResult with `error`. Redirects:
// at most 5, http and https only (never to file:// or another scheme). For file:// URLs the file's size
// and modification time stand in for an ETag, so an unchanged file costs one stat().
FetchResult fetch_crl(const FetchRequest& request);

// "certctl/0.1.0 (+libcurl/7.88.1)"
std::string user_agent();

}  // namespace certctl::crl
