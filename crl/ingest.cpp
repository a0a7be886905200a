// crl/ingest.cpp — map, parse, verify, cache, merge: the hot path of a 1M-entry CRL.
#include "crl/ingest.h"

#include "crl/generation.h"
#include "crl/mapped_file.h"
#include "crl/mapped_progress.h"
#include "lib/ca/parallel.h"
#include "lib/core/atomic_file.h"
#include "lib/core/durable_write.h"
#include "lib/core/error.h"
#include "lib/core/file_io.h"
#include "lib/core/progress.h"
#include "lib/core/rfc3339.h"

#include <botan/hash.h>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <optional>
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
// Into a generation being built: its commit syncs the directory.
void rename_into(const std::filesystem::path& from, const std::filesystem::path& to) {
    std::error_code ec;
    std::filesystem::rename(from, to, ec);
    if (ec) {
        throw core::Error(core::Errc::cannot_write, "cannot keep CRL", to.string(), ec.message());
    }
}

// Copies `from` to `to` atomically inside the kernel (copy_file_range): the bytes never pass through
// this process, so copying a 48 MB CRL costs no memory. A fixed temporary name (not core::temp_suffix):
// a copy cut short by a crash is overwritten by the next one instead of piling up beside the cache.
void atomic_copy(const std::filesystem::path& from, const std::filesystem::path& to) {
    const std::filesystem::path temp = to.string() + ".tmp";
    const int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        throw core::Error(core::Errc::cannot_write, "cannot keep CRL", from.string(), std::strerror(errno));
    }
    ::unlink(temp.c_str());
    const int out = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (out < 0) {
        const int err = errno;
        ::close(in);
        throw core::Error(core::Errc::cannot_write, "cannot keep CRL", temp.string(), std::strerror(err));
    }
    bool ok = true;
    for (;;) {
        const ssize_t n = ::copy_file_range(in, nullptr, out, nullptr, 1u << 30, 0);
        if (n == 0) {
            break;
        }
        if (n < 0) {
            // Filesystems without copy_file_range: plain read/write.
            char buf[1 << 16];
            ::lseek(in, 0, SEEK_SET);
            ::ftruncate(out, 0);
            ::lseek(out, 0, SEEK_SET);
            ssize_t r;
            while ((r = ::read(in, buf, sizeof buf)) > 0) {
                ok = ok && core::write_all(out, buf, static_cast<std::size_t>(r));
            }
            ok = ok && r == 0;
            break;
        }
    }
    ok = ok && ::fsync(out) == 0;
    const int err = errno;
    ::close(in);
    ::close(out);
    if (!ok || ::rename(temp.c_str(), to.c_str()) != 0) {
        ::unlink(temp.c_str());
        throw core::Error(core::Errc::cannot_write, "cannot keep CRL", to.string(), std::strerror(err ? err : EIO));
    }
    core::sync_directory(to.parent_path());
}

// The copy of the CRL that becomes the source's last good one, made by the kernel on a thread of its own from
// the start, beside the walk and the signature check: its fsync (a quarter of a second for 420 MB) is long
// done when the list is published. A CRL that turns out bad costs a copy that is removed again.
class StagedCopy final {
public:
    StagedCopy(const std::filesystem::path& from, const std::filesystem::path& to)
        : m_to(to), m_thread([from, to] { atomic_copy(from, to); }) {}
    ~StagedCopy() { discard_unless_kept(); }
    StagedCopy(const StagedCopy&) = delete;
    StagedCopy& operator=(const StagedCopy&) = delete;

    // Waits for the copy; throws what it threw (after removing what it left).
    const std::filesystem::path& finish() {
        if (!m_joined) {
            m_joined = true;
            try {
                m_thread.join();
            } catch (...) {
                remove_staged();
                throw;
            }
        }
        return m_to;
    }
    // The copy was renamed into the generation: nothing to remove any more.
    void kept() { m_kept = true; }

private:
    void remove_staged() noexcept {
        std::error_code ec;
        std::filesystem::remove(m_to, ec);
    }
    // Refused, failed or never published: wait for the copy (never remove a file it is still writing) and
    // remove it.
    void discard_unless_kept() noexcept {
        try {
            finish();
        } catch (...) {
        }
        if (!m_kept) {
            remove_staged();
        }
    }
    std::filesystem::path m_to;
    ca::SecondThread m_thread;
    bool m_joined = false;
    bool m_kept = false;
};
}  // namespace

namespace {
// What reading and verifying a CRL leaves for publishing.
struct ReadCrl {
    ParsedCrl crl;
    Verdict verdict;
    std::size_t split = 0;              // crl.entries is sorted in two runs: [0, split) and [split, size)
    std::vector<std::uint8_t> pem_der;  // PEM is decoded once; DER is used in place
};

// Parses the CRL in `map` and walks its entries on this thread while a second one checks the signature.
// Throws what either thread threw.
void read_and_verify(const MappedFile& map, const Source& source, const std::vector<Botan::X509_Certificate>& issuers,
                     const IngestOptions& options, ReadCrl& read) {
    const ByteSpan raw = map.bytes();
    ByteSpan der = raw;
    const bool mapped = !looks_like_pem(raw);
    if (!mapped) {
        read.pem_der = decode_pem_crl(raw);
        der = ByteSpan{read.pem_der.data(), read.pem_der.size()};
        map.release_before(raw.data + raw.size);  // the text is not read again (the copy is kernel-side)
    }
    read.crl = parse_crl_header(der);
    // The signature is checked on a second thread while this one walks the entries.
    MappedProgress progress(mapped ? &map : nullptr, der);
    ca::SecondThread verifier([&] {
        try {
            read.verdict = verify_crl(read.crl, issuers, last_good_of(source), options.policy,
                                      [&](const std::uint8_t* p) { progress.hashed(p); });
            progress.hash_over();
        } catch (...) {
            progress.hash_over();  // the walk may go on dropping pages
            throw;
        }
    });
    const std::uint64_t total_mib = (der.size >> 20) + 1;
    walk_entries(read.crl, [&](const std::uint8_t* p) {
        progress.walked(p);
        core::report_progress("reading the CRL (MiB)", static_cast<std::uint64_t>(p - der.data) >> 20, total_mib);
    });
    core::report_progress("reading the CRL (MiB)", total_mib, total_mib);
    // Sorted while the other thread may still hash (a wasted sort if the signature turns out bad, which
    // is the rare case).
    read.split = sort_entries_in_two_runs(read.crl.entries);
    verifier.join();
}

// The new master list and the new last good CRL go into one generation, published by one rename: a crash
// at any moment leaves both as they were or both new.
void publish_and_keep(const core::StorePaths& paths, const Source& source, const std::filesystem::path& file,
                      StagedCopy* copy, const IngestOptions& options, ReadCrl& read, IngestResult& out) {
    SourceEntries replacement;
    replacement.issuer_dn = read.verdict.issuer_dn;
    const auto digest =
        Botan::HashFunction::create_or_throw("SHA-256")->process(read.crl.issuer.data, read.crl.issuer.size);
    std::copy(digest.begin(), digest.end(), replacement.issuer_sha256.begin());
    std::vector<Entry> entries = std::move(read.crl.entries);
    read.pem_der.clear();  // the issuer's bytes, hashed above, were its last use
    read.pem_der.shrink_to_fit();
    replacement.split = read.split;
    replacement.entries = &entries;
    Generation next(paths);
    out.stats = publish_master(paths, next.dir(), source.name, replacement, options.policy.now, options.master_layout);
    rename_into(copy ? copy->finish() : file, next.source_crl(source.name));
    if (copy) {
        copy->kept();
    }
    next.commit();
}
}  // namespace

IngestResult ingest_crl_file(const core::StorePaths& paths, const Source& source,
                             const std::vector<Botan::X509_Certificate>& issuers, const std::filesystem::path& file,
                             const IngestOptions& options) {
    IngestResult out;
    const MappedFile map(file, "CRL file", options.max_size);
    out.size = map.bytes().size;
    if (out.size == 0) {
        out.error = "empty body (not a CRL)";
        return out;
    }
    // Staged among the temporaries, which the next run under the lock sweeps if this one is killed.
    core::create_private_directories(temp_dir(paths));
    std::optional<StagedCopy> copy;  // its destructor removes it unless it was published
    if (!options.move_into_cache) {
        copy.emplace(file, temp_dir(paths) / (source.name + ".crl.new"));
    }
    ReadCrl read;
    try {
        read_and_verify(map, source, issuers, options, read);
    } catch (const core::Error& e) {
        if (e.code() != core::Errc::bad_input) {
            throw;
        }
        out.error = e.why();
        return out;
    }
    out.issuer_dn = read.verdict.issuer_dn;
    out.crl_number_hex = read.verdict.crl_number_hex;
    out.this_update = read.crl.this_update;
    out.next_update = read.crl.next_update;
    out.stale = read.verdict.stale;
    if (!read.verdict.accepted) {
        out.error = read.verdict.error;
        return out;
    }
    publish_and_keep(paths, source, file, copy ? &*copy : nullptr, options, read, out);
    out.accepted = true;
    return out;
}

}  // namespace certctl::crl
