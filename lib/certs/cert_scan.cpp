// lib/certs/cert_scan.cpp — zero-copy DER walk over certificates, PEM and PKCS#7 bundles (the bundle walk is
// pkcs7.h's), and the file walk.
#include "lib/certs/cert_scan.h"

#include "lib/certs/cert_summary.h"
#include "lib/certs/pkcs7.h"
#include "lib/core/der.h"
#include "lib/core/pem_text.h"
#include "lib/core/progress.h"
#include "lib/core/rfc3339.h"
#include "lib/core/serial_text.h"

#include <botan/hex.h>

#include <memory>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

namespace certctl::certs {

namespace {
constexpr std::uint64_t k_max_file = 16ULL << 20;
// libstdc++'s system_clock counts nanoseconds in 64 bits: it ends in 2262. Later notAfter values
// (RFC 5280's 99991231235959Z "no expiry") are clamped there, which is still "far away".
constexpr std::int64_t k_max_unix = 9200000000LL;

using core::next_tlv;  // one TLV at p, false when the bytes are not DER
using core::Tlv;

const char k_cn_oid[] = {0x55, 0x04, 0x03};  // 2.5.4.3

std::string find_cn(const Tlv& name) {
    const std::uint8_t* p = name.value.data;
    const std::uint8_t* end = name.value.end();
    Tlv rdn;
    std::string cn;
    while (next_tlv(p, end, rdn)) {  // RDNs: SET OF AttributeTypeAndValue
        const std::uint8_t* q = rdn.value.data;
        Tlv atv;
        while (next_tlv(q, rdn.value.end(), atv)) {
            const std::uint8_t* r = atv.value.data;
            Tlv oid;
            Tlv text;
            if (next_tlv(r, atv.value.end(), oid) && next_tlv(r, atv.value.end(), text) && oid.tag == 0x06 &&
                oid.value.size == 3 && std::memcmp(oid.value.data, k_cn_oid, 3) == 0) {
                // the last CN wins, as OpenSSL shows
                cn.assign(reinterpret_cast<const char*>(text.value.data), text.value.size);
            }
        }
    }
    return cn;
}

// serialNumber: its text and its bytes without leading zeros.
void take_serial(const Tlv& serial, ScannedCert& out) {
    std::size_t skip = 0;
    while (skip + 1 < serial.value.size && serial.value.data[skip] == 0) {
        ++skip;
    }
    out.serial = core::serial_text(serial.value.data, serial.value.size);
    out.serial_bytes.assign(serial.value.data + skip, serial.value.end());
}

// Validity ::= SEQUENCE { notBefore Time, notAfter Time }
bool read_validity(const Tlv& validity, ScannedCert& out) {
    const std::uint8_t* v = validity.value.data;
    Tlv nb;
    Tlv na;
    std::int64_t nb_s = 0;
    std::int64_t na_s = 0;
    if (!next_tlv(v, validity.value.end(), nb) || !next_tlv(v, validity.value.end(), na) ||
        !core::parse_asn1_time(nb.tag, nb.value.data, nb.value.size, nb_s) ||
        !core::parse_asn1_time(na.tag, na.value.data, na.value.size, na_s)) {
        return false;
    }
    out.not_before = core::TimePoint(core::Seconds(std::min(nb_s, k_max_unix)));
    out.not_after = core::TimePoint(core::Seconds(std::min(na_s, k_max_unix)));
    return true;
}

// Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue } (RFC 5280 4.1).
bool parse_certificate(const Tlv& cert, bool fingerprints, bool keep_der, ScannedCert& out) {
    if (cert.tag != 0x30) {
        return false;
    }
    const std::uint8_t* p = cert.value.data;
    const std::uint8_t* end = cert.value.end();
    Tlv tbs;
    Tlv alg;
    Tlv sig;
    if (!next_tlv(p, end, tbs) || tbs.tag != 0x30 || !next_tlv(p, end, alg) || alg.tag != 0x30 ||
        !next_tlv(p, end, sig) || sig.tag != 0x03 || p != end) {
        return false;
    }
    const std::uint8_t* t = tbs.value.data;
    const std::uint8_t* tend = tbs.value.end();
    Tlv item;
    if (!next_tlv(t, tend, item)) {
        return false;
    }
    if (item.tag == 0xa0 && !next_tlv(t, tend, item)) {  // [0] EXPLICIT version
        return false;
    }
    if (item.tag != 0x02 || item.value.size == 0) {  // serialNumber
        return false;
    }
    take_serial(item, out);
    Tlv sig_alg;
    Tlv issuer;
    Tlv validity;
    Tlv subject;
    if (!next_tlv(t, tend, sig_alg) || sig_alg.tag != 0x30 || !next_tlv(t, tend, issuer) || issuer.tag != 0x30 ||
        !next_tlv(t, tend, validity) || validity.tag != 0x30 || !next_tlv(t, tend, subject) || subject.tag != 0x30) {
        return false;
    }
    if (!read_validity(validity, out)) {
        return false;
    }
    out.subject_cn = find_cn(subject);
    out.issuer_der.assign(issuer.whole.data, issuer.whole.end());
    if (keep_der) {
        out.der.assign(cert.whole.data, cert.whole.end());
    }
    if (fingerprints) {
        out.fingerprint = certs::fingerprint_sha256(cert.whole.data, cert.whole.size);
    }
    return true;
}

void scan_der(const std::uint8_t* p, std::size_t n, bool fingerprints, bool keep_der, ScanResult& r,
              bool& any_structure) {
    const std::uint8_t* q = p;
    Tlv top;
    if (!next_tlv(q, p + n, top)) {
        return;
    }
    ScannedCert sc;
    if (parse_certificate(top, fingerprints, keep_der, sc)) {
        r.certs.push_back(std::move(sc));
        any_structure = true;
    } else if (for_each_pkcs7_certificate(top, [&](const Tlv& cert) {
                   ScannedCert in_bundle;
                   if (cert.tag == 0x30 && parse_certificate(cert, fingerprints, keep_der, in_bundle)) {
                       r.certs.push_back(std::move(in_bundle));
                   }
               })) {
        any_structure = true;
    }
}

bool is_cert_label(std::string_view l) {
    return l == "CERTIFICATE" || l == "X509 CERTIFICATE";
}
bool is_p7_label(std::string_view l) {
    return l == "PKCS7" || l == "CMS";
}
}  // namespace

ScanResult scan_bytes(std::string_view bytes, bool fingerprints, bool keep_der) {
    ScanResult r;
    bool any_structure = false;
    if (!core::has_pem_marker(bytes)) {
        scan_der(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size(), fingerprints, keep_der, r,
                 any_structure);
        if (!any_structure) {
            r.problem = "not a certificate (neither PEM nor a DER certificate or PKCS#7 bundle)";
        }
        return r;
    }
    static thread_local std::vector<std::uint8_t> der;
    std::size_t pos = 0;
    std::size_t blocks = 0;
    std::size_t bad = 0;
    core::PemBlockView block;
    for (;;) {
        const core::PemStep step = core::next_pem_block(bytes, pos, block, core::PemEnd::any);
        if (step == core::PemStep::done || step == core::PemStep::open_begin) {
            break;
        }
        if (step == core::PemStep::no_end) {
            ++bad;
            break;
        }
        if (!is_cert_label(block.label) && !is_p7_label(block.label)) {
            continue;  // keys, CRLs, requests: not ours to check
        }
        ++blocks;
        const std::size_t before = r.certs.size();
        bool structure = false;
        if (core::base64_decode_lenient(block.body, der)) {
            scan_der(der.data(), der.size(), fingerprints, keep_der, r, structure);
        }
        if (!structure || (is_cert_label(block.label) && r.certs.size() == before)) {
            ++bad;
        }
    }
    if (blocks == 0) {
        r.problem = "not a certificate (no CERTIFICATE or PKCS7 PEM block)";
    } else if (bad > 0) {
        r.problem = std::to_string(bad) + " of " + std::to_string(blocks) + " PEM blocks could not be decoded";
    }
    return r;
}

namespace {
// Reads `path` into `buf` with plain syscalls (the scan's hot path: no iostreams).
std::optional<std::string> read_into(const std::filesystem::path& path, std::string& buf) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return std::string(std::strerror(errno));
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        ::close(fd);
        return std::string(std::strerror(err));
    }
    if (static_cast<std::uint64_t>(st.st_size) > k_max_file) {
        ::close(fd);
        return std::string("larger than 16 MiB: not a certificate file");
    }
    buf.resize(static_cast<std::size_t>(st.st_size));
    std::size_t got = 0;
    while (got < buf.size()) {
        const ssize_t n = ::read(fd, buf.data() + got, buf.size() - got);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            const int err = errno;
            ::close(fd);
            return std::string(std::strerror(err));
        }
        if (n == 0) {
            break;
        }
        got += static_cast<std::size_t>(n);
    }
    buf.resize(got);
    ::close(fd);
    return std::nullopt;
}

void walk(const std::filesystem::path& path, std::vector<ScannedFile>& files, bool top) {
    std::error_code ec;
    const auto st = top ? std::filesystem::status(path, ec) : std::filesystem::symlink_status(path, ec);
    if (ec) {
        files.push_back({path, {{}, ec.message()}});
        return;
    }
    if (std::filesystem::is_symlink(st)) {  // inside a directory: follow links to files only (no loops)
        const auto target = std::filesystem::status(path, ec);
        if (std::filesystem::is_regular_file(target)) {
            files.push_back({path, {}});
        } else if (!std::filesystem::exists(target)) {
            files.push_back({path, {{}, "dangling symbolic link"}});
        }
        return;
    }
    if (std::filesystem::is_directory(st)) {
        std::vector<std::filesystem::path> children;
        std::filesystem::directory_iterator it(path, ec);
        if (ec) {
            files.push_back({path, {{}, ec.message()}});
            return;
        }
        for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
            children.push_back(it->path());
        }
        std::sort(children.begin(), children.end());
        for (const auto& child : children) {
            walk(child, files, false);
        }
        return;
    }
    if (std::filesystem::is_regular_file(st)) {
        files.push_back({path, {}});
    } else if (top) {
        files.push_back({path, {{}, "not a regular file"}});
    }
}
}  // namespace

std::vector<ScannedFile> list_files(const std::vector<std::filesystem::path>& paths) {
    std::vector<ScannedFile> files;
    for (const auto& p : paths) {
        walk(p, files, true);
    }
    return files;
}

void scan_file(ScannedFile& f, bool fingerprints, bool keep_der, std::string& buffer) {
    if (f.result.problem) {
        return;
    }
    if (auto err = read_into(f.path, buffer)) {
        f.result.problem = *err;
        return;
    }
    f.result = scan_bytes(buffer, fingerprints, keep_der);
}

std::vector<ScannedFile> scan_paths(const std::vector<std::filesystem::path>& paths, bool fingerprints, bool keep_der) {
    std::vector<ScannedFile> files = list_files(paths);
    std::string buf;
    std::uint64_t done = 0;
    for (ScannedFile& f : files) {
        core::report_progress("reading certificate files", done++, files.size());
        scan_file(f, fingerprints, keep_der, buf);
    }
    core::report_progress("reading certificate files", files.size(), files.size());
    return files;
}

}  // namespace certctl::certs
