// lib/trust/tls_probe.cpp — libcurl fetch of a server's chain and its verdict (see tls_probe.h).
#include "lib/trust/tls_probe.h"

#include "lib/certs/pem.h"
#include "lib/certs/validator.h"
#include "lib/core/curl_library.h"
#include "lib/core/error.h"
#include "lib/trust/fips.h"

#include <memory>

namespace certctl::trust {

namespace {
std::string label(const Botan::X509_Certificate& c) {
    const std::string cn = c.subject_dn().get_first_attribute("CN");
    return cn.empty() ? certs::dn_string(c.subject_dn()) : cn;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// "[x]" for an IPv6 literal, as a URL needs it.
std::string url_host(const std::string& host) {
    return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

// Connect only (no request), accept any chain (we judge it ourselves, against the bundle; libcurl only fetches
// it), keep the certificates, no proxy, no signals.
void set_probe_options(const core::CurlLibrary& lib, CURL* c, const std::string& url, curl_slist* connect_to,
                       std::chrono::seconds timeout, char* errbuf) {
    lib.easy_setopt(c, CURLOPT_URL, url.c_str());
    lib.easy_setopt(c, CURLOPT_CONNECT_TO, connect_to);
    lib.easy_setopt(c, CURLOPT_CONNECT_ONLY, 1L);
    lib.easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
    lib.easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
    lib.easy_setopt(c, CURLOPT_CERTINFO, 1L);
    lib.easy_setopt(c, CURLOPT_CONNECTTIMEOUT, static_cast<long>(timeout.count()));
    lib.easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(timeout.count()));
    lib.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    lib.easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    lib.easy_setopt(c, CURLOPT_PROXY, "");
}

// The certificates the handshake carried, from libcurl's certinfo ("Cert:" entries in PEM); an entry that does
// not parse is passed over.
std::vector<Botan::X509_Certificate> sent_chain(const core::CurlLibrary& lib, CURL* c, const std::string& host) {
    std::vector<Botan::X509_Certificate> chain;
    curl_certinfo* info = nullptr;
    lib.easy_getinfo(c, CURLINFO_CERTINFO, &info);
    if (info == nullptr) {
        return chain;
    }
    for (int i = 0; i < info->num_of_certs; ++i) {
        for (curl_slist* s = info->certinfo[i]; s != nullptr; s = s->next) {
            const std::string entry = s->data;
            if (entry.compare(0, 5, "Cert:") != 0) {
                continue;
            }
            try {
                for (const certs::PemBlock& b : certs::split_pem(entry.substr(5), host)) {
                    if (!b.der.empty()) {
                        chain.emplace_back(b.der);
                    }
                }
            } catch (const std::exception&) {
            }
        }
    }
    return chain;
}

// The FIPS filter looks at every certificate sent and at the anchor Botan chose (its self-signature is exempt
// from path validation, so only policy can refuse it). True when it refused.
bool refused_by_fips(const std::vector<Botan::X509_Certificate>& chain,
                     const std::vector<Botan::X509_Certificate>& anchors, const certs::PathResult& r, ProbeVerdict& v) {
    std::vector<Botan::X509_Certificate> judged = chain;
    for (const auto& a : anchors) {
        if (!r.anchor.empty() && certs::dn_string(a.subject_dn()) == r.anchor) {
            judged.push_back(a);
        }
    }
    for (const auto& c : judged) {
        if (const auto weak = fips_violation(certs::summarize(c))) {
            v.kind = "weak_signature";
            v.line = "not trusted: weak signature under --fips: " + label(c) + " is " + *weak;
            v.reasons.push_back(label(c) + ": " + *weak);
            v.codes.emplace_back("weak_signature");
            return true;
        }
    }
    return false;
}

// The first reason that names a kind of failure the probe reports on its own line. True when one did.
bool classify_reasons(const std::vector<Botan::X509_Certificate>& chain, const certs::PathResult& r,
                      const std::string& bundle, const std::string& hostname, ProbeVerdict& v) {
    for (const std::string& reason : r.reasons) {
        if (contains(reason, "has expired")) {
            v.kind = "expired";
            v.line = "not trusted: expired certificate in the chain: " + reason;
        } else if (contains(reason, "not yet valid")) {
            v.kind = "not_yet_valid";
            v.line = "not trusted: not-yet-valid certificate in the chain: " + reason;
        } else if (contains(reason, "SHA-1") || contains(reason, "hash") || contains(reason, "weak")) {
            v.kind = "weak_signature";
            v.line = "not trusted: weak signature: " + reason;
        } else if (reason.rfind("untrusted root:", 0) == 0) {
            v.kind = "unknown_issuer";
            v.line = "not trusted: unknown issuer: the chain ends in \"" + certs::dn_string(chain.back().issuer_dn()) +
                     "\", which is not in bundle " + bundle;
        } else if (contains(reason, "does not match the host name")) {
            v.kind = "name_mismatch";
            v.line = "not trusted: name mismatch: the certificate is not for " + hostname;
        }
        if (!v.kind.empty()) {
            return true;
        }
    }
    return false;
}

// No path: an end-entity last in the chain means the server left its issuer out; a CA last means the bundle lacks
// the issuer.
void classify_missing_issuer(const std::vector<Botan::X509_Certificate>& chain, const certs::PathResult& r,
                             const std::string& bundle, ProbeVerdict& v) {
    const certs::CertSummary s = certs::summarize(chain.back());
    if (!s.is_ca) {
        v.kind = "incomplete_chain";
        v.line = "not trusted: incomplete chain: the server sent no certificate for its issuer \"" + r.missing_issuer +
                 "\", and bundle " + bundle + " does not hold it";
    } else {
        v.kind = "unknown_issuer";
        v.line = "not trusted: unknown issuer: look for \"" + r.missing_issuer + "\" (not in bundle " + bundle + ")";
    }
}
}  // namespace

ProbeTarget parse_probe_url(const std::string& url, const std::string& servername) {
    const std::string scheme = "https://";
    if (url.compare(0, scheme.size(), scheme) != 0) {
        throw core::Error(core::Errc::usage, "cannot probe", url, "only https://HOST[:PORT] URLs can be probed");
    }
    std::string rest = url.substr(scheme.size());
    rest = rest.substr(0, rest.find('/'));
    ProbeTarget t;
    std::string port;
    if (!rest.empty() && rest.front() == '[') {  // [IPv6]:port
        const std::size_t close = rest.find(']');
        if (close == std::string::npos) {
            throw core::Error(core::Errc::usage, "cannot probe", url, "unterminated IPv6 literal");
        }
        t.host = rest.substr(1, close - 1);
        if (close + 1 < rest.size() && rest[close + 1] == ':') {
            port = rest.substr(close + 2);
        }
    } else {
        const std::size_t colon = rest.rfind(':');
        t.host = rest.substr(0, colon);
        if (colon != std::string::npos) {
            port = rest.substr(colon + 1);
        }
    }
    if (t.host.empty()) {
        throw core::Error(core::Errc::usage, "cannot probe", url, "no host in the URL");
    }
    if (!port.empty()) {
        try {
            std::size_t used = 0;
            t.port = std::stoi(port, &used);
            if (used != port.size() || t.port < 1 || t.port > 65535) {
                throw std::invalid_argument("range");
            }
        } catch (const std::exception&) {
            throw core::Error(core::Errc::usage, "cannot probe", url, "bad port \"" + port + "\"");
        }
    }
    t.servername = servername.empty() ? t.host : servername;
    return t;
}

ServerChain fetch_server_chain(const ProbeTarget& target, std::chrono::seconds timeout) {
    ServerChain out;
    const core::CurlLibrary& lib = core::curl_library();
    std::unique_ptr<CURL, void (*)(CURL*)> curl(lib.easy_init(), lib.easy_cleanup);
    if (!curl) {
        out.error = "libcurl could not start";
        return out;
    }
    // The URL carries the server name (SNI); CONNECT_TO sends the connection to the real host.
    const std::string url = "https://" + url_host(target.servername) + ":" + std::to_string(target.port) + "/";
    const std::string connect_to = target.servername + ":" + std::to_string(target.port) + ":" + url_host(target.host) +
                                   ":" + std::to_string(target.port);
    curl_slist* connect_list = lib.slist_append(nullptr, connect_to.c_str());
    std::unique_ptr<curl_slist, void (*)(curl_slist*)> guard(connect_list, lib.slist_free_all);
    char errbuf[CURL_ERROR_SIZE] = {0};
    set_probe_options(lib, curl.get(), url, connect_list, timeout, errbuf);
    const CURLcode rc = lib.easy_perform(curl.get());
    if (rc != CURLE_OK) {
        out.error = errbuf[0] != '\0' ? errbuf : lib.easy_strerror(rc);
        if (rc == CURLE_SSL_CONNECT_ERROR) {
            out.error = "no TLS handshake (" + out.error + "): is this a TLS port?";
        }
        return out;
    }
    out.chain = sent_chain(lib, curl.get(), target.host);
    out.reached = true;
    if (out.chain.empty()) {
        out.error = "the server sent no certificate";
    }
    return out;
}

ProbeVerdict judge_chain(const std::vector<Botan::X509_Certificate>& chain,
                         const std::vector<Botan::X509_Certificate>& anchors, const std::string& bundle,
                         const std::string& hostname, core::TimePoint at, bool fips, certs::Profile profile) {
    ProbeVerdict v;
    if (chain.empty()) {
        v.kind = "untrusted";
        v.line = "not trusted: the server sent no certificate";
        return v;
    }
    certs::PathRequest req;
    req.chain = chain;
    req.anchors = anchors;
    req.at = at;
    req.purpose = "tls-server";
    req.hostname = hostname;
    req.profile = profile;
    const certs::PathResult r = certs::validate_path(req);
    v.reasons = r.reasons;
    v.codes = r.codes;
    v.anchor = r.anchor;
    if (fips && refused_by_fips(chain, anchors, r, v)) {
        return v;
    }
    if (r.valid) {
        v.trusted = true;
        v.kind = "trusted";
        v.line = "trusted: anchored by \"" + r.anchor + "\" from bundle " + bundle;
        return v;
    }
    if (classify_reasons(chain, r, bundle, hostname, v)) {
        return v;
    }
    if (!r.missing_issuer.empty()) {
        classify_missing_issuer(chain, r, bundle, v);
        return v;
    }
    v.kind = "untrusted";
    v.line = "not trusted: " + (r.reasons.empty() ? std::string("no valid path") : r.reasons.front());
    return v;
}

}  // namespace certctl::trust
