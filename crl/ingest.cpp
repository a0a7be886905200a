// crl/ingest.cpp — map, parse, verify, cache, merge: the hot path of a 1M-entry CRL.
#include "crl/ingest.h"

#include "crl/mapped_file.h"
#include "lib/core/atomic_file.h"
#include "lib/core/error.h"
#include "lib/core/rfc3339.h"

#include <botan/hash.h>
#include <cstdio>
#include <fcntl.h>
#include <unistd.h>

namespace certctl::crl {

std::filesystem::path cache_path(const core::StorePaths& paths, const std::string& source) {
    return paths.crl_dir() / "sources" / (source + ".crl");
}

std::filesystem::path temp_dir(const core::StorePaths& paths) { return paths.crl_dir() / "tmp"; }

std::optional<LastGood> last_good_of(const Source& s) {
    if (!s.last_success || !s.this_update) {
        return std::nullopt;
    }
    LastGood g;
    if (s.crl_number && !s.crl_number->empty()) {
        std::vector<std::uint8_t> n;
        std::string h = *s.crl_number;
        if (h.size() % 2) {
            h.insert(h.begin(), '0');
        }
        for (std::size_t i = 0; i + 1 < h.size(); i += 2) {
            n.push_back(static_cast<std::uint8_t>(std::stoi(h.substr(i, 2), nullptr, 16)));
        }
        g.crl_number = n;
    }
    g.this_update = core::to_unix(core::parse_time(*s.this_update));
    if (s.next_update) {
        g.next_update = core::to_unix(core::parse_time(*s.next_update));
    }
    return g;
}

namespace {
void sync_directory(const std::filesystem::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

void rename_into(const std::filesystem::path& from, const std::filesystem::path& to) {
    std::error_code ec;
    std::filesystem::rename(from, to, ec);
    if (ec) {
        throw core::Error(core::Errc::cannot_write, "cannot keep CRL", to.string(), ec.message());
    }
    sync_directory(to.parent_path());
}
}  // namespace

IngestResult ingest_crl_file(const core::StorePaths& paths, const Source& source,
                             const std::vector<Botan::X509_Certificate>& issuers, const std::filesystem::path& file,
                             const IngestOptions& options) {
    IngestResult out;
    const MappedFile map(file, "CRL file", options.max_size);
    const ByteSpan raw = map.bytes();
    out.size = raw.size;
    if (raw.size == 0) {
        out.error = "empty body (not a CRL)";
        return out;
    }
    std::vector<std::uint8_t> pem_der;  // PEM is decoded once; DER is used in place
    ByteSpan der = raw;
    const bool mapped = !looks_like_pem(raw);
    ParsedCrl crl;
    Verdict verdict;
    try {
        if (!mapped) {
            pem_der = decode_pem_crl(raw);
            der = ByteSpan{pem_der.data(), pem_der.size()};
        }
        const auto release = [&](const std::uint8_t* p) {
            if (mapped) {
                map.release_before(p);
            }
        };
        crl = parse_crl(der, release);
        verdict = verify_crl(crl, issuers, last_good_of(source), options.policy, release);
    } catch (const core::Error& e) {
        out.error = e.why();
        return out;
    }
    out.issuer_dn = verdict.issuer_dn;
    out.crl_number_hex = verdict.crl_number_hex;
    out.this_update = crl.this_update;
    out.next_update = crl.next_update;
    out.stale = verdict.stale;
    if (!verdict.accepted) {
        out.error = verdict.error;
        return out;
    }
    SourceEntries replacement;
    replacement.issuer_dn = verdict.issuer_dn;
    const auto digest = Botan::HashFunction::create_or_throw("SHA-256")->process(crl.issuer.data, crl.issuer.size);
    std::copy(digest.begin(), digest.end(), replacement.issuer_sha256.begin());
    std::vector<Entry> entries = std::move(crl.entries);
    pem_der.clear();
    pem_der.shrink_to_fit();

    // Keep the new last good before publishing: a crash in between leaves a cache that matches the
    // database's last_success only after the transaction, and a refresh redoes the rest.
    std::filesystem::create_directories(cache_path(paths, source.name).parent_path());
    if (options.move_into_cache) {
        rename_into(file, cache_path(paths, source.name));
    } else {
        core::AtomicFile copy(cache_path(paths, source.name), 0644);
        const std::size_t slice = 4u << 20;
        for (std::size_t at = 0; at < raw.size; at += slice) {
            const std::size_t n = std::min(slice, raw.size - at);
            copy.write(raw.data + at, n);
            map.release_before(raw.data + at + n);
        }
        copy.commit();
    }
    sort_entries(entries);
    replacement.entries = &entries;
    out.stats = publish_master(paths, source.name, replacement, options.policy.now);
    out.accepted = true;
    return out;
}

}  // namespace certctl::crl
