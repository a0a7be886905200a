// crl/master_list.cpp — merge, publish and look up the master list (format in docs/crl.md).
#include "crl/master_list.h"

#include "crl/generation.h"
#include "lib/ca/parallel.h"
#include "lib/core/file_io.h"
#include "lib/core/atomic_file.h"
#include "lib/core/error.h"
#include "lib/core/rfc3339.h"

#include <algorithm>
#include <botan/hash.h>
#include <cstring>
#include <map>

namespace certctl::crl {

namespace {
const char k_magic[8] = {'C', 'C', 'T', 'L', 'M', 'S', 'T', '1'};
constexpr std::uint32_t k_version = 1;
constexpr std::size_t k_header_size = 64;

// A buffered writer over AtomicFile: a 1M-entry list is written in 1 MiB slices, never held whole.
class Writer final {
public:
    explicit Writer(const std::filesystem::path& path) : m_file(path, 0644) { m_buf.reserve(k_slice + 256); }
    void put(const void* data, std::size_t n) {
        const auto* p = static_cast<const char*>(data);
        m_buf.append(p, n);
        if (m_buf.size() >= k_slice) {
            flush();
        }
    }
    void put(const std::string& s) { put(s.data(), s.size()); }
    std::string& buffer() { return m_buf; }
    void maybe_flush() {
        if (m_buf.size() >= k_slice) {
            flush();
        }
    }
    void commit() {
        flush();
        m_file.commit();
    }
    void sync() {
        flush();
        m_file.sync();
    }
    void flush() {
        m_file.write(m_buf.data(), m_buf.size());
        m_written += m_buf.size();
        m_buf.clear();
        if (m_written >= k_writeback) {  // the disk writes while we format: the final fsync finds little to do
            m_file.start_writeback();
            m_written = 0;
        }
    }

private:
    static constexpr std::size_t k_slice = 1u << 20;
    static constexpr std::size_t k_writeback = 8u << 20;
    core::AtomicFile m_file;
    std::string m_buf;
    std::size_t m_written = 0;
};

template <class T>
void put_le(std::string& out, T v) {
    char b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));  // the index is little-endian (x86-64, arm64): documented in docs/crl.md
    out.append(b, sizeof(T));
}

template <class T>
T get_le(const std::uint8_t* p) {
    T v;
    std::memcpy(&v, p, sizeof(T));
    return v;
}

[[noreturn]] void damaged(const std::filesystem::path& path, const std::string& why) {
    throw core::Error(core::Errc::bad_input, "cannot read master list", path.string(), why,
                      "run `certctl crl refresh --force` to publish it again");
}

// RFC 3339 from Unix seconds without gmtime: 1M rows must format in milliseconds.
void append_time(std::string& out, std::int64_t t) {
    const core::CivilTime c = core::civil_time(t);
    const std::int64_t y = c.year;
    const unsigned m = c.month, d = c.day, hh = c.hour, mm = c.minute, ss = c.second;
    char buf[24];
    buf[0] = static_cast<char>('0' + y / 1000 % 10);
    buf[1] = static_cast<char>('0' + y / 100 % 10);
    buf[2] = static_cast<char>('0' + y / 10 % 10);
    buf[3] = static_cast<char>('0' + y % 10);
    buf[4] = '-';
    buf[5] = static_cast<char>('0' + m / 10);
    buf[6] = static_cast<char>('0' + m % 10);
    buf[7] = '-';
    buf[8] = static_cast<char>('0' + d / 10);
    buf[9] = static_cast<char>('0' + d % 10);
    buf[10] = 'T';
    buf[11] = static_cast<char>('0' + hh / 10);
    buf[12] = static_cast<char>('0' + hh % 10);
    buf[13] = ':';
    buf[14] = static_cast<char>('0' + mm / 10);
    buf[15] = static_cast<char>('0' + mm % 10);
    buf[16] = ':';
    buf[17] = static_cast<char>('0' + ss / 10);
    buf[18] = static_cast<char>('0' + ss % 10);
    buf[19] = 'Z';
    out.append(buf, 20);
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) {
        return s;
    }
    std::string out = "\"";
    for (char c : s) {
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return out + "\"";
}

std::string sha_hex(const std::array<std::uint8_t, 32>& h) {
    return hex(std::vector<std::uint8_t>(h.begin(), h.end()));
}

// Reads two sorted runs of one table as one sorted sequence.
class RunCursor final {
public:
    RunCursor(const std::vector<Entry>& v, std::size_t split)
        : m_a(v.data()), m_a_end(v.data() + std::min(split, v.size())), m_b(m_a_end), m_b_end(v.data() + v.size()) {}
    bool done() const { return m_a == m_a_end && m_b == m_b_end; }
    const Entry& peek() const { return take_a() ? *m_a : *m_b; }
    void next() {
        if (take_a()) {
            ++m_a;
        } else {
            ++m_b;
        }
    }

private:
    bool take_a() const { return m_b == m_b_end || (m_a != m_a_end && !entry_less(*m_b, *m_a)); }
    const Entry* m_a;
    const Entry* m_a_end;
    const Entry* m_b;
    const Entry* m_b_end;
};

bool same_serial(const Entry& a, const Entry& b) { return std::memcmp(a.serial, b.serial, k_serial_bytes) == 0; }
int serial_cmp(const Entry& a, const Entry& b) { return std::memcmp(a.serial, b.serial, k_serial_bytes); }
}  // namespace

std::filesystem::path master_index_path(const core::StorePaths& paths) { return paths.crl_dir() / "master.idx"; }
std::filesystem::path master_csv_path(const core::StorePaths& paths) { return paths.crl_dir() / "master.csv"; }
std::filesystem::path master_sources_path(const core::StorePaths& paths) {
    return paths.crl_dir() / "master-sources.csv";
}

MasterList::MasterList(const core::StorePaths& paths) {
    const auto path = master_index_path(paths);
    // A publish may switch generations and remove the old one between resolving crl/current and opening
    // the index there (crl/generation.h): opening again finds the new one.
    for (int attempt = 1;; ++attempt) {
        std::error_code ec;
        if (!std::filesystem::exists(path, ec)) {
            return;
        }
        try {
            m_map = std::make_unique<MappedFile>(path, "master list", ~std::uint64_t{0});
            break;
        } catch (const core::Error& e) {
            if (e.code() != core::Errc::not_found || attempt == 4) {
                throw;
            }
        }
    }
    const ByteSpan b = m_map->bytes();
    if (b.size < k_header_size || std::memcmp(b.data, k_magic, 8) != 0) {
        damaged(path, "not a certctl master index");
    }
    if (get_le<std::uint32_t>(b.data + 8) != k_version || get_le<std::uint32_t>(b.data + 12) != sizeof(Entry)) {
        damaged(path, "unsupported master index version");
    }
    m_count = get_le<std::uint64_t>(b.data + 16);
    const std::uint64_t offset = get_le<std::uint64_t>(b.data + 24);
    const std::uint32_t nsources = get_le<std::uint32_t>(b.data + 32);
    if (offset > b.size || offset % alignof(Entry) != 0 || (b.size - offset) / sizeof(Entry) < m_count) {
        damaged(path, "truncated master index");
    }
    std::size_t pos = k_header_size;
    for (std::uint32_t i = 0; i < nsources; ++i) {
        MasterSource s;
        if (pos + 2 > offset) {
            damaged(path, "truncated source table");
        }
        const std::uint16_t nlen = get_le<std::uint16_t>(b.data + pos);
        pos += 2;
        if (pos + nlen + 32 + 8 + 2 > offset) {
            damaged(path, "truncated source table");
        }
        s.name.assign(reinterpret_cast<const char*>(b.data + pos), nlen);
        pos += nlen;
        std::memcpy(s.issuer_sha256.data(), b.data + pos, 32);
        pos += 32;
        s.entries = get_le<std::uint64_t>(b.data + pos);
        pos += 8;
        const std::uint16_t dlen = get_le<std::uint16_t>(b.data + pos);
        pos += 2;
        if (pos + dlen > offset) {
            damaged(path, "truncated source table");
        }
        s.issuer_dn.assign(reinterpret_cast<const char*>(b.data + pos), dlen);
        pos += dlen;
        m_sources.push_back(std::move(s));
    }
    m_records = reinterpret_cast<const Entry*>(b.data + offset);
}

MasterList::~MasterList() = default;

std::vector<Match> MasterList::find(const Entry& serial) const {
    std::vector<Match> out;
    const Entry* end = m_records + m_count;
    const Entry* it = std::lower_bound(m_records, end, serial,
                                       [](const Entry& a, const Entry& b) { return serial_cmp(a, b) < 0; });
    for (; it != end && same_serial(*it, serial); ++it) {
        if (it->source < m_sources.size()) {
            out.push_back(Match{&m_sources[it->source], *it});
        }
    }
    return out;
}

certs::RevocationStatus MasterList::lookup(const std::vector<std::uint8_t>& issuer_der,
                                           const std::vector<std::uint8_t>& serial) const {
    using State = certs::RevocationStatus::State;
    const auto digest = Botan::HashFunction::create_or_throw("SHA-256")->process(issuer_der);
    std::vector<const MasterSource*> covering;
    for (const MasterSource& s : m_sources) {
        if (std::equal(s.issuer_sha256.begin(), s.issuer_sha256.end(), digest.begin())) {
            covering.push_back(&s);
        }
    }
    if (covering.empty()) {
        return {State::unknown, "", "", "no CRL source covers this issuer"};
    }
    Entry key{};
    std::size_t skip = 0;
    while (skip + 1 < serial.size() && serial[skip] == 0) {
        ++skip;
    }
    const std::size_t n = serial.size() - skip;
    if (n == 0 || n > k_serial_bytes) {
        return {State::unknown, "", "", "serial longer than 20 octets"};
    }
    std::memcpy(key.serial + (k_serial_bytes - n), serial.data() + skip, n);
    for (const Match& m : find(key)) {
        if (std::find(covering.begin(), covering.end(), m.source) != covering.end()) {
            std::string date;
            append_time(date, m.entry.revoked_at);
            return {State::revoked, reason_name(m.entry.reason), date, m.source->name};
        }
    }
    return {State::good, "", "", covering.front()->name};
}

std::unique_ptr<certs::RevocationLookup> make_revocation_lookup(const core::StorePaths& paths) {
    auto list = std::make_unique<MasterList>(paths);
    if (!list->present()) {
        return std::make_unique<certs::NoRevocationData>();
    }
    return list;
}

namespace {
constexpr std::uint16_t k_dropped = 0xffff;  // in SourcePlan::remap: the replaced source, not carried over

// The new list's source table and how the old list's source numbers map into it.
struct SourcePlan {
    std::vector<MasterSource> sources;   // the old table without `source`, plus its replacement; in name order
    std::vector<std::uint16_t> remap;    // old source number -> new one, or k_dropped
    std::int64_t old_source_index = -1;  // the replaced source's number in the old list; -1: a new source
    std::uint16_t fresh_index = 0;       // the replacement's number in the new list
};

SourcePlan plan_sources(const MasterList& old, const std::string& source,
                        const std::optional<SourceEntries>& replacement) {
    SourcePlan plan;
    for (const MasterSource& s : old.sources()) {
        if (s.name != source) {
            plan.sources.push_back(s);
        }
    }
    if (replacement) {
        MasterSource s;
        s.name = source;
        s.issuer_dn = replacement->issuer_dn;
        s.issuer_sha256 = replacement->issuer_sha256;
        s.entries = replacement->entries->size();
        plan.sources.push_back(s);
    }
    std::sort(plan.sources.begin(), plan.sources.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    std::map<std::string, std::uint16_t> index_of;
    for (std::size_t i = 0; i < plan.sources.size(); ++i) {
        index_of[plan.sources[i].name] = static_cast<std::uint16_t>(i);
    }
    plan.remap.assign(old.sources().size(), k_dropped);
    for (std::size_t i = 0; i < old.sources().size(); ++i) {
        if (old.sources()[i].name == source) {
            plan.old_source_index = static_cast<std::int64_t>(i);
        } else {
            plan.remap[i] = index_of[old.sources()[i].name];
        }
    }
    plan.fresh_index = replacement ? index_of[source] : 0;
    return plan;
}

bool carried_over(const Entry& e, const std::vector<std::uint16_t>& remap) {
    return e.source < remap.size() && remap[e.source] != k_dropped;
}

// The header and the source table, padded so that the entries after them are aligned.
void put_index_head(Writer& idx, const std::vector<MasterSource>& sources, std::uint64_t total, std::int64_t now) {
    std::string head(k_magic, 8);
    put_le<std::uint32_t>(head, k_version);
    put_le<std::uint32_t>(head, sizeof(Entry));
    put_le<std::uint64_t>(head, total);
    std::string table;
    for (const MasterSource& s : sources) {
        put_le<std::uint16_t>(table, static_cast<std::uint16_t>(s.name.size()));
        table += s.name;
        table.append(reinterpret_cast<const char*>(s.issuer_sha256.data()), 32);
        put_le<std::uint64_t>(table, s.entries);
        const std::string dn = s.issuer_dn.substr(0, 0xffff);
        put_le<std::uint16_t>(table, static_cast<std::uint16_t>(dn.size()));
        table += dn;
    }
    while ((k_header_size + table.size()) % alignof(Entry) != 0) {
        table.push_back('\0');
    }
    put_le<std::uint64_t>(head, k_header_size + table.size());
    put_le<std::uint32_t>(head, static_cast<std::uint32_t>(sources.size()));
    put_le<std::uint32_t>(head, 0);
    put_le<std::int64_t>(head, now);
    head.resize(k_header_size, '\0');
    idx.put(head);
    idx.put(table);
}

// Diff pass: the replaced source's old serials against the fresh ones, counted into stats.
void count_changes(const MasterList& old, std::int64_t old_source_index, const std::vector<Entry>& fresh,
                   std::size_t split, PublishStats& stats) {
    const Entry* o_end = old.records() + old.size();
    auto next_old_of_source = [&](const Entry* from) {
        while (from != o_end && static_cast<std::int64_t>(from->source) != old_source_index) {
            ++from;
        }
        return from;
    };
    const Entry* a = next_old_of_source(old.records());
    RunCursor b(fresh, split);
    if (a == o_end) {
        stats.added_entries = fresh.size();  // a new source: nothing to compare with
    }
    while (a != o_end) {
        if (b.done()) {
            ++stats.removed_entries;
            a = next_old_of_source(a + 1);
            continue;
        }
        const int c = serial_cmp(*a, b.peek());
        if (c < 0) {
            ++stats.removed_entries;
            a = next_old_of_source(a + 1);
        } else if (c > 0) {
            ++stats.added_entries;
            b.next();
        } else {
            a = next_old_of_source(a + 1);
            b.next();
        }
        if (a == o_end) {
            for (; !b.done(); b.next()) {
                ++stats.added_entries;
            }
        }
    }
}

void write_sources_csv(const std::filesystem::path& path, const std::vector<MasterSource>& sources) {
    Writer src(path);
    src.put("source,issuer,issuer_sha256,entries\n");
    for (const MasterSource& s : sources) {
        src.put(csv_field(s.name) + "," + csv_field(s.issuer_dn) + "," + sha_hex(s.issuer_sha256) + "," +
                std::to_string(s.entries) + "\n");
    }
    src.commit();
}

// The merged sequence: carried-over entries (re-indexed) and the fresh ones, both in serial order. Walked
// twice (index and text list), never held: a template so that emit inlines into the per-entry loop.
template <class Emit>
void for_each_merged(const MasterList& old, const std::vector<std::uint16_t>& remap, const std::vector<Entry>& fresh,
                     std::size_t split, const Emit& emit) {
    const Entry* o = old.records();
    const Entry* o_end = o + old.size();
    RunCursor f(fresh, split);
    while (o != o_end || !f.done()) {
        if (o != o_end && !carried_over(*o, remap)) {
            ++o;
            continue;
        }
        if (o != o_end) {
            Entry carried = *o;
            carried.source = remap[o->source];
            if (f.done() || entry_less(carried, f.peek())) {
                emit(carried);
                ++o;
                continue;
            }
        }
        emit(f.peek());
        f.next();
    }
}

// Formats one text-list row in place, without allocating: entries of one day share the date text.
class CsvRowFormatter final {
public:
    // One row is at most ~64 + 1 + 40 + 1 + 20 + 1 + 20 + 1 bytes.
    static constexpr std::size_t k_max_row = 192;

    explicit CsvRowFormatter(const std::vector<MasterSource>& sources) {
        for (const MasterSource& s : sources) {
            m_names.push_back(s.name + ",");
        }
    }
    // Writes the row of `e` into `row` (k_max_row bytes) and returns its length.
    std::size_t format(const Entry& e, char* row) {
        char* p = row;
        const std::string& name = m_names[e.source];
        std::memcpy(p, name.data(), name.size());
        p += name.size();
        static const char* digits = "0123456789abcdef";
        for (std::size_t i = k_serial_bytes - std::max<std::size_t>(e.serial_len, 1); i < k_serial_bytes; ++i) {
            *p++ = digits[e.serial[i] >> 4];
            *p++ = digits[e.serial[i] & 15];
        }
        *p++ = ',';
        p = put_time(p, e.revoked_at);
        *p++ = ',';
        const char* reason = reason_name(e.reason);
        const std::size_t rl = std::strlen(reason);
        std::memcpy(p, reason, rl);
        p += rl;
        *p++ = '\n';
        return static_cast<std::size_t>(p - row);
    }

private:
    char* put_time(char* p, std::uint32_t revoked_at) {
        const std::int64_t day = revoked_at / 86400;
        if (day != m_cached_day) {
            std::string t;
            append_time(t, day * 86400);
            std::memcpy(m_day_text, t.data(), 11);  // "YYYY-MM-DDT"
            m_cached_day = day;
        }
        std::memcpy(p, m_day_text, 11);
        p += 11;
        const std::uint32_t secs = revoked_at % 86400;
        const std::uint32_t hh = secs / 3600, mm = secs / 60 % 60, ss = secs % 60;
        *p++ = static_cast<char>('0' + hh / 10);
        *p++ = static_cast<char>('0' + hh % 10);
        *p++ = ':';
        *p++ = static_cast<char>('0' + mm / 10);
        *p++ = static_cast<char>('0' + mm % 10);
        *p++ = ':';
        *p++ = static_cast<char>('0' + ss / 10);
        *p++ = static_cast<char>('0' + ss % 10);
        *p++ = 'Z';
        return p;
    }

    std::vector<std::string> m_names;
    std::int64_t m_cached_day = -1;
    char m_day_text[24];
};
}  // namespace

PublishStats publish_master(const core::StorePaths& paths, const std::string& source,
                            const std::optional<SourceEntries>& replacement, std::int64_t now) {
    Generation next(paths);
    const PublishStats stats = publish_master(paths, next.dir(), source, replacement, now);
    next.commit();
    return stats;
}

PublishStats publish_master(const core::StorePaths& paths, const std::filesystem::path& into,
                            const std::string& source, const std::optional<SourceEntries>& replacement,
                            std::int64_t now) {
    const MasterList old(paths);
    const SourcePlan plan = plan_sources(old, source, replacement);
    std::vector<Entry> empty;
    std::vector<Entry>& fresh = replacement ? *replacement->entries : empty;
    const std::size_t split = replacement ? replacement->split : 0;
    for (Entry& e : fresh) {
        e.source = plan.fresh_index;
    }

    PublishStats stats;
    stats.source_entries = fresh.size();
    stats.total_entries = fresh.size();
    for (std::size_t i = 0; i < old.size(); ++i) {
        stats.total_entries += carried_over(old.records()[i], plan.remap);
    }

    Writer idx(into / master_index_path(paths).filename());
    Writer csv(into / master_csv_path(paths).filename());
    put_index_head(idx, plan.sources, stats.total_entries, now);
    count_changes(old, plan.old_source_index, fresh, split, stats);
    write_sources_csv(into / master_sources_path(paths).filename(), plan.sources);

    // The text list is formatted and written on a second thread while this one writes the index: on two
    // cores that halves the publishing time of a 1M-entry list.
    ca::SecondThread csv_writer([&] {
        csv.put("source,serial,revocation_date,reason\n");
        CsvRowFormatter formatter(plan.sources);
        for_each_merged(old, plan.remap, fresh, split, [&](const Entry& e) {
            char row[CsvRowFormatter::k_max_row];
            csv.put(row, formatter.format(e, row));
        });
        csv.commit();  // its fsync is the slow part: done off the main thread, before the index
    });
    for_each_merged(old, plan.remap, fresh, split, [&](const Entry& e) { idx.put(&e, sizeof e); });
    idx.sync();  // while the text list is still being written
    csv_writer.join();

    idx.commit();
    return stats;
}

}  // namespace certctl::crl
