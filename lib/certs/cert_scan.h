// lib/certs/cert_scan.h — a fast, read-only scan of certificate files for `check`: dates, subject CN, serial.
// It walks the DER itself (no X509_Certificate): 10,000 files in one process is the use case.
#pragma once
#include "lib/core/clock.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace certctl::certs {

struct ScannedCert {
    std::string subject_cn;   // empty when the subject has no CN
    std::string serial;       // lower-case hex, no sign byte
    core::TimePoint not_before;
    core::TimePoint not_after;
    std::string fingerprint;  // SHA-256 lower-case hex of the DER (only when asked for)
    std::vector<std::uint8_t> issuer_der;    // the issuer Name, for revocation lookups
    std::vector<std::uint8_t> serial_bytes;  // big-endian magnitude, as RevocationLookup wants it
    std::vector<std::uint8_t> der;           // the certificate itself (only when asked for)
};

// What one input gave: its certificates, or why it gave none.
struct ScanResult {
    std::vector<ScannedCert> certs;
    std::optional<std::string> problem;  // "not a certificate (no CERTIFICATE or PKCS7 block)", "Permission denied"
};

// Reads PEM (any number of CERTIFICATE, X509 CERTIFICATE, PKCS7 or CMS blocks; text around them is
// ignored), a DER certificate or a DER PKCS#7 SignedData. Never throws on bad input.
ScanResult scan_bytes(std::string_view bytes, bool fingerprints, bool keep_der = false);

// One file scanned; `buffer` is reused between calls to avoid an allocation per file.
struct ScannedFile {
    std::filesystem::path path;
    ScanResult result;
};

// Files and directories (recursively, sorted, symlinks to files followed, special files skipped).
// Problems (unreadable, not a certificate, too large) are reported per path, never thrown.
// A path that does not exist is a problem too; the caller decides whether that is fatal.
std::vector<ScannedFile> scan_paths(const std::vector<std::filesystem::path>& paths, bool fingerprints,
                                    bool keep_der = false);

// scan_paths in two steps, for callers that read the files on several threads: the files it would read, in
// its order (those the walk already found a problem with carry it), then one file read and scanned.
// `buffer` is reused between calls; scan_file never throws.
std::vector<ScannedFile> list_files(const std::vector<std::filesystem::path>& paths);
void scan_file(ScannedFile& file, bool fingerprints, bool keep_der, std::string& buffer);

}  // namespace certctl::certs
