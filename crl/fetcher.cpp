// crl/fetcher.cpp — libcurl with every limit set: timeouts, size cap, redirect count and protocols.
#include "crl/fetcher.h"

#include "lib/core/curl_library.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace certctl::crl {

namespace {
struct Transfer {
    std::FILE* out = nullptr;
    std::uint64_t written = 0;
    std::uint64_t max_size = 0;
    bool too_large = false;
    bool write_failed = false;
    std::optional<std::string> etag;
    std::optional<std::string> last_modified;
};

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const std::size_t bytes = size * n;
    if (t->written + bytes > t->max_size) {
        t->too_large = true;
        return 0;  // makes libcurl stop with CURLE_WRITE_ERROR
    }
    if (std::fwrite(data, 1, bytes, t->out) != bytes) {
        t->write_failed = true;
        return 0;
    }
    t->written += bytes;
    return bytes;
}

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\r' || s.back() == '\n' || s.back() == ' ' || s.back() == '\t')) {
        s.pop_back();
    }
    std::size_t i = 0;
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) {
        ++i;
    }
    return s.substr(i);
}

// Headers of every response arrive here (redirects too); a new status line starts a new response.
std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const std::string line(data, size * n);
    if (line.rfind("HTTP/", 0) == 0) {
        t->etag.reset();
        t->last_modified.reset();
    }
    const auto colon = line.find(':');
    if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (char& c : name) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        if (name == "etag") {
            t->etag = trim(line.substr(colon + 1));
        } else if (name == "last-modified") {
            t->last_modified = trim(line.substr(colon + 1));
        }
    }
    return size * n;
}

std::string url_decode(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            out.push_back(static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)));
            i += 2;
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

FetchResult fetch_file(const FetchRequest& r) {
    FetchResult res;
    std::string rest = r.url.substr(std::strlen("file://"));
    if (!rest.empty() && rest[0] != '/') {
        const auto slash = rest.find('/');  // file://localhost/path
        if (slash == std::string::npos || rest.substr(0, slash) != "localhost") {
            res.error = "only local file:// URLs are supported: " + r.url;
            return res;
        }
        rest = rest.substr(slash);
    }
    const std::string path = url_decode(rest);
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        res.error = "cannot read " + path + ": " + std::strerror(errno);
        return res;
    }
    if (!S_ISREG(st.st_mode)) {
        res.error = path + " is not a regular file";
        return res;
    }
    if (static_cast<std::uint64_t>(st.st_size) > r.max_size) {
        res.error = "CRL larger than the size cap of " + std::to_string(r.max_size) + " bytes: " + path;
        return res;
    }
    const std::string tag = "\"" + std::to_string(st.st_size) + "-" + std::to_string(st.st_mtim.tv_sec) + "." +
                            std::to_string(st.st_mtim.tv_nsec) + "\"";
    res.etag = tag;
    res.size = static_cast<std::uint64_t>(st.st_size);
    res.body = path;
    res.outcome = r.etag && *r.etag == tag ? FetchResult::Outcome::not_modified : FetchResult::Outcome::fetched;
    return res;
}

std::string seconds_text(std::chrono::milliseconds ms) {
    const auto s = ms.count() / 1000;
    return s * 1000 == ms.count() ? std::to_string(s) + "s" : std::to_string(ms.count()) + "ms";
}
}  // namespace

std::string user_agent() {
    const curl_version_info_data* v = core::curl_library().version_info(CURLVERSION_NOW);
    return std::string("certctl/") + CERTCTL_VERSION + " (+libcurl/" + (v ? v->version : "?") + ")";
}

namespace {
// Every limit of the transfer: protocols (redirects too), redirect count, timeouts, size cap, TLS checks.
// `headers`, `errbuf`, `agent` and `t` must outlive the transfer.
void set_options(const core::CurlLibrary& lib, CURL* curl, const FetchRequest& r, curl_slist* headers, char* errbuf,
                 const std::string& agent, Transfer& t) {
    lib.easy_setopt(curl, CURLOPT_URL, r.url.c_str());
    lib.easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    lib.easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    lib.easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
    lib.easy_setopt(curl, CURLOPT_MAXREDIRS, 5L);
    lib.easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(r.connect_timeout.count()));
    lib.easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(r.total_timeout.count()));
    lib.easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(r.max_size));
    lib.easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    lib.easy_setopt(curl, CURLOPT_USERAGENT, agent.c_str());
    lib.easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    lib.easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    lib.easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    lib.easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    lib.easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    lib.easy_setopt(curl, CURLOPT_WRITEDATA, &t);
    lib.easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    lib.easy_setopt(curl, CURLOPT_HEADERDATA, &t);
    lib.easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");  // gzip if the server offers it; size cap is on decoded bytes
    if (!r.proxy.empty()) {
        lib.easy_setopt(curl, CURLOPT_PROXY, r.proxy.c_str());
    }
    if (!r.ca_file.empty()) {
        lib.easy_setopt(curl, CURLOPT_CAINFO, r.ca_file.c_str());
    }
}

// How a finished transfer went, as the outcome and error text of `res`.
void judge_transfer(const FetchRequest& r, CURLcode rc, long status, const Transfer& t, bool flushed,
                    const char* errbuf, FetchResult& res) {
    if (t.too_large || rc == CURLE_FILESIZE_EXCEEDED) {
        res.error = "CRL larger than the size cap of " + std::to_string(r.max_size) + " bytes from " + r.url;
    } else if (t.write_failed || !flushed) {
        res.error = "cannot write the downloaded CRL to " + r.body_file.string();
    } else if (rc == CURLE_OPERATION_TIMEDOUT) {
        res.error = "no complete answer within " + seconds_text(r.total_timeout) + " from " + r.url;
        if (t.written == 0 && status == 0) {
            res.error = "timed out (" + std::string(errbuf) + ") from " + r.url;
        }
    } else if (rc == CURLE_TOO_MANY_REDIRECTS) {
        res.error = "more than 5 redirects from " + r.url;
    } else if (rc == CURLE_UNSUPPORTED_PROTOCOL) {
        res.error = "redirected to a scheme other than http or https from " + r.url + " (refused)";
    } else if (rc != CURLE_OK) {
        res.error = std::string(errbuf[0] ? errbuf : core::curl_library().easy_strerror(rc)) + " (" + r.url + ")";
    } else if (status == 304) {
        res.outcome = FetchResult::Outcome::not_modified;
        res.etag = t.etag ? t.etag : r.etag;
        res.last_modified = t.last_modified ? t.last_modified : r.last_modified;
    } else if (status != 200) {
        res.error = "HTTP " + std::to_string(status) + " from " + r.url;
    } else {
        res.outcome = FetchResult::Outcome::fetched;
        res.etag = t.etag;
        res.last_modified = t.last_modified;
    }
}
}  // namespace

FetchResult fetch_crl(const FetchRequest& r) {
    if (r.url.rfind("file://", 0) == 0) {
        return fetch_file(r);
    }
    FetchResult res;
    if (r.url.rfind("http://", 0) != 0 && r.url.rfind("https://", 0) != 0) {
        res.error = "unsupported URL scheme (http, https and file only): " + r.url;
        return res;
    }
    const int fd = ::open(r.body_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        res.error = "cannot write " + r.body_file.string() + ": " + std::strerror(errno);
        return res;
    }
    Transfer t;
    t.out = ::fdopen(fd, "wb");
    t.max_size = r.max_size;
    const core::CurlLibrary& lib = core::curl_library();
    CURL* curl = lib.easy_init();
    curl_slist* headers = nullptr;
    if (r.etag) {
        headers = lib.slist_append(headers, ("If-None-Match: " + *r.etag).c_str());
    }
    if (r.last_modified) {
        headers = lib.slist_append(headers, ("If-Modified-Since: " + *r.last_modified).c_str());
    }
    char errbuf[CURL_ERROR_SIZE] = {0};
    const std::string agent = user_agent();
    set_options(lib, curl, r, headers, errbuf, agent, t);
    const CURLcode rc = lib.easy_perform(curl);
    long status = 0;
    lib.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    lib.easy_cleanup(curl);
    lib.slist_free_all(headers);
    const bool flushed = std::fflush(t.out) == 0 && ::fsync(::fileno(t.out)) == 0;
    std::fclose(t.out);

    res.http_status = status;
    res.body = r.body_file;
    res.body_is_temporary = true;
    res.size = t.written;
    judge_transfer(r, rc, status, t, flushed, errbuf, res);
    return res;
}

}  // namespace certctl::crl
