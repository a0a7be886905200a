// crl/master_list.cpp — merge, publish and look up the master list (format in docs/crl.md).
#include "crl/master_list.h"

#include "crl/generation.h"
#include "lib/ca/parallel.h"
#include "lib/core/file_io.h"
#include "lib/core/atomic_file.h"
#include "lib/core/durable_write.h"
#include "lib/core/error.h"
#include "lib/core/rfc3339.h"

#include <algorithm>
#include <botan/hash.h>
#include <cerrno>
#include <cstring>
#include <map>
#include <unistd.h>

namespace certctl::crl {

namespace {
const char k_magic[8] = {'C', 'C', 'T', 'L', 'M', 'S', 'T', '1'};
constexpr std::uint32_t k_version = 1;
constexpr std::size_t k_header_size = 64;
constexpr const char* k_index_dir = "index";  // of a generation: NAME.idx per source (on-demand)

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
    RunCursor(const Entry* a, const Entry* a_end, const Entry* b, const Entry* b_end)
        : m_a(a), m_a_end(a_end), m_b(b), m_b_end(b_end) {}
    bool done() const { return m_a == m_a_end && m_b == m_b_end; }
    std::uint64_t remaining() const { return static_cast<std::uint64_t>((m_a_end - m_a) + (m_b_end - m_b)); }
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

// One old serial of the replaced source against its fresh ones from `fresh` on, both in serial order: the
// fresh serials before it are new (`added`); it stays if the fresh list has it, else it is `removed`. Once
// the old serials are done, the fresh ones left (fresh.remaining()) are new too.
void count_old_serial(const Entry& old, RunCursor& fresh, std::uint64_t& added, std::uint64_t& removed) {
    while (!fresh.done() && serial_cmp(fresh.peek(), old) < 0) {
        ++added;
        fresh.next();
    }
    if (!fresh.done() && serial_cmp(fresh.peek(), old) == 0) {
        fresh.next();
    } else {
        ++removed;
    }
}
}  // namespace

std::filesystem::path master_index_path(const core::StorePaths& paths) { return paths.crl_dir() / "master.idx"; }
std::filesystem::path master_csv_path(const core::StorePaths& paths) { return paths.crl_dir() / "master.csv"; }
std::filesystem::path master_sources_path(const core::StorePaths& paths) {
    return paths.crl_dir() / "master-sources.csv";
}

MasterList::MasterList(const core::StorePaths& paths) {
    // A publish may switch generations and remove the old one between resolving crl/current and opening
    // an index there (crl/generation.h): opening again finds the new one.
    for (int attempt = 1;; ++attempt) {
        try {
            open(paths);
            return;
        } catch (const core::Error& e) {
            if (e.code() != core::Errc::not_found || attempt == 4) {
                throw;
            }
            m_parts.clear();
            m_sources.clear();
            m_count = 0;
            m_present = m_per_source = false;
        }
    }
}

void MasterList::open(const core::StorePaths& paths) {
    // Every file from the one generation crl/current names now, never from two: a reader caught by a switch
    // of layout must not take a new generation's empty index/ for the whole list.
    std::error_code ec;
    const std::filesystem::path current = std::filesystem::read_symlink(paths.crl_dir() / "current", ec);
    const bool generation = !ec;
    const std::filesystem::path base = generation ? paths.crl_dir() / current : paths.crl_dir();  // else: crl/
    const std::filesystem::path merged = base / master_index_path(paths).filename();
    if (std::filesystem::exists(merged, ec)) {
        add_part(merged);
        m_present = true;
        return;
    }
    const std::filesystem::path dir = base / k_index_dir;
    std::vector<std::string> names;
    for (auto it = std::filesystem::directory_iterator(dir, ec); !ec && it != std::filesystem::directory_iterator();
         it.increment(ec)) {
        if (it->path().extension() == ".idx") {
            names.push_back(it->path().stem().string());
        }
    }
    if (generation && !std::filesystem::exists(base)) {
        throw core::Error(core::Errc::not_found, "cannot read master list", dir.string(), "replaced while opened");
    }
    if (ec) {
        return;  // no index of either layout: nothing published yet
    }
    std::sort(names.begin(), names.end());  // sources in name order, as a merged index numbers them
    for (const std::string& name : names) {
        const std::filesystem::path path = dir / (name + ".idx");
        add_part(path);
        if (m_parts.back().sources != 1 || m_sources.back().name != name) {
            damaged(path, "a per-source index must hold the one source it is named after");
        }
    }
    m_present = true;
    m_per_source = true;
}

void MasterList::add_part(const std::filesystem::path& path) {
    Part part;
    part.map = std::make_unique<MappedFile>(path, "master list", ~std::uint64_t{0});
    const ByteSpan b = part.map->bytes();
    if (b.size < k_header_size || std::memcmp(b.data, k_magic, 8) != 0) {
        damaged(path, "not a certctl master index");
    }
    if (get_le<std::uint32_t>(b.data + 8) != k_version || get_le<std::uint32_t>(b.data + 12) != sizeof(Entry)) {
        damaged(path, "unsupported master index version");
    }
    part.count = get_le<std::uint64_t>(b.data + 16);
    const std::uint64_t offset = get_le<std::uint64_t>(b.data + 24);
    const std::uint32_t nsources = get_le<std::uint32_t>(b.data + 32);
    if (offset > b.size || offset % alignof(Entry) != 0 || (b.size - offset) / sizeof(Entry) < part.count) {
        damaged(path, "truncated master index");
    }
    if (m_sources.size() + nsources > 0xffff) {
        damaged(path, "more sources than a master list can number");
    }
    part.first_source = static_cast<std::uint16_t>(m_sources.size());
    part.sources = static_cast<std::uint16_t>(nsources);
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
    part.records = reinterpret_cast<const Entry*>(b.data + offset);
    m_count += part.count;
    m_parts.push_back(std::move(part));
}

MasterList::~MasterList() = default;

bool MasterList::global(const Part& part, const Entry& e, Entry& out) {
    if (e.source >= part.sources) {
        return false;
    }
    out = e;
    out.source = static_cast<std::uint16_t>(part.first_source + e.source);
    return true;
}

void MasterList::for_each(const std::function<void(const Entry&)>& fn) const {
    if (m_parts.size() == 1) {
        const Part& p = m_parts.front();
        Entry e;
        for (std::uint64_t i = 0; i < p.count; ++i) {
            if (global(p, p.records[i], e)) {
                fn(e);
            }
        }
        return;
    }
    // A k-way merge of the parts (one per source when there are several), smallest first.
    struct Head {
        Entry entry;
        std::size_t part;
        std::uint64_t next;
    };
    const auto later = [](const Head& a, const Head& b) { return entry_less(b.entry, a.entry); };
    std::vector<Head> heap;
    const auto advance = [&](std::size_t part, std::uint64_t from) {
        const Part& p = m_parts[part];
        for (std::uint64_t i = from; i < p.count; ++i) {
            Head h{{}, part, i + 1};
            if (global(p, p.records[i], h.entry)) {
                heap.push_back(h);
                std::push_heap(heap.begin(), heap.end(), later);
                return;
            }
        }
    };
    for (std::size_t i = 0; i < m_parts.size(); ++i) {
        advance(i, 0);
    }
    while (!heap.empty()) {
        std::pop_heap(heap.begin(), heap.end(), later);
        const Head h = heap.back();
        heap.pop_back();
        fn(h.entry);
        advance(h.part, h.next);
    }
}

void MasterList::for_each_of(std::uint16_t source, const std::function<void(const Entry&)>& fn) const {
    for (const Part& p : m_parts) {
        if (source < p.first_source || source >= p.first_source + p.sources) {
            continue;
        }
        Entry e;
        for (std::uint64_t i = 0; i < p.count; ++i) {
            if (global(p, p.records[i], e) && e.source == source) {
                fn(e);
            }
        }
    }
}

const Entry* MasterList::sorted(std::vector<Entry>& storage, std::uint64_t& count) const {
    if (m_parts.size() == 1 && m_parts.front().first_source == 0) {
        count = m_parts.front().count;
        return m_parts.front().records;  // the merged index (a damaged record is dropped by whoever reads it)
    }
    storage.clear();
    storage.reserve(m_count);
    for_each([&](const Entry& e) { storage.push_back(e); });
    count = storage.size();
    return storage.data();
}

std::vector<Match> MasterList::find(const Entry& serial) const {
    std::vector<Match> out;
    for (const Part& p : m_parts) {
        const Entry* end = p.records + p.count;
        const Entry* it = std::lower_bound(p.records, end, serial,
                                           [](const Entry& a, const Entry& b) { return serial_cmp(a, b) < 0; });
        Entry e;
        for (; it != end && same_serial(*it, serial); ++it) {
            if (global(p, *it, e)) {
                out.push_back(Match{&m_sources[e.source], e});
            }
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
std::string index_head(const std::vector<MasterSource>& sources, std::uint64_t total, std::int64_t now) {
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
    return head + table;
}

// One range of serials of the new list, and its share of the three sorted runs it is merged from: the old
// list and the fresh entries' two runs. Every entry of one serial falls into one slice, so slices are
// counted, merged and written independently, each by whichever thread takes it, at offsets planned first.
struct Slice {
    const Entry* old_begin = nullptr;
    const Entry* old_end = nullptr;
    const Entry* a_begin = nullptr;  // fresh run A
    const Entry* a_end = nullptr;
    const Entry* b_begin = nullptr;  // fresh run B
    const Entry* b_end = nullptr;
    std::uint64_t entries = 0;    // in the new list
    std::uint64_t csv_bytes = 0;  // of their text-list rows
    std::uint64_t added = 0;      // serials new for the replaced source
    std::uint64_t removed = 0;    // serials it no longer lists
    std::uint64_t idx_offset = 0;
    std::uint64_t csv_offset = 0;
};

constexpr std::size_t k_slice_entries = 1u << 16;  // of the longest run: a few MB of output per slice
constexpr std::size_t k_max_slices = 1u << 14;

const Entry* lower_bound_serial(const Entry* begin, const Entry* end, const Entry& key) {
    return std::lower_bound(begin, end, key, [](const Entry& x, const Entry& y) { return serial_cmp(x, y) < 0; });
}

// Cuts the key space at evenly spaced serials of the longest run.
std::vector<Slice> cut_slices(const Entry* o, std::uint64_t old_count, const std::vector<Entry>& fresh,
                              std::size_t split) {
    const Entry* o_end = o + old_count;
    const Entry* a = fresh.data();
    const Entry* a_end = a + std::min(split, fresh.size());
    const Entry* b = a_end;
    const Entry* b_end = fresh.data() + fresh.size();
    const Entry* longest = o;
    std::size_t len = old_count;
    for (const auto& [begin, end] : {std::pair{a, a_end}, std::pair{b, b_end}}) {
        if (static_cast<std::size_t>(end - begin) > len) {
            longest = begin;
            len = static_cast<std::size_t>(end - begin);
        }
    }
    const std::size_t count = std::clamp<std::size_t>(len / k_slice_entries, 1, k_max_slices);
    std::vector<Slice> slices(count);
    for (std::size_t i = 0; i < count; ++i) {
        Slice& s = slices[i];
        s.old_begin = i == 0 ? o : slices[i - 1].old_end;
        s.a_begin = i == 0 ? a : slices[i - 1].a_end;
        s.b_begin = i == 0 ? b : slices[i - 1].b_end;
        if (i + 1 == count) {
            s.old_end = o_end;
            s.a_end = a_end;
            s.b_end = b_end;
            break;
        }
        // From the previous slice's end on: the cuts never go back, so every entry is in exactly one slice
        // even if a damaged index were not in order.
        const Entry& key = longest[(i + 1) * len / count];
        s.old_end = lower_bound_serial(s.old_begin, o_end, key);
        s.a_end = lower_bound_serial(s.a_begin, a_end, key);
        s.b_end = lower_bound_serial(s.b_begin, b_end, key);
    }
    return slices;
}

void write_sources_csv(const std::filesystem::path& path, const std::vector<MasterSource>& sources) {
    std::string text = "source,issuer,issuer_sha256,entries\n";
    for (const MasterSource& s : sources) {
        text += csv_field(s.name) + "," + csv_field(s.issuer_dn) + "," + sha_hex(s.issuer_sha256) + "," +
                std::to_string(s.entries) + "\n";
    }
    core::write_file_atomic(path, text, 0644);
}

// A slice's merged sequence: carried-over entries (re-indexed) and the fresh ones, in serial order. A
// template so that emit inlines into the per-entry loop.
template <class Emit>
void for_each_merged(const Slice& s, const std::vector<std::uint16_t>& remap, const Emit& emit) {
    const Entry* o = s.old_begin;
    RunCursor f(s.a_begin, s.a_end, s.b_begin, s.b_end);
    while (o != s.old_end || !f.done()) {
        if (o != s.old_end && !carried_over(*o, remap)) {
            ++o;
            continue;
        }
        if (o != s.old_end) {
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

// Writes one slice's bytes at its offset in a shared file, in 1 MiB pieces, each handed to the disk as it is
// written so the final fsync finds little left.
class SliceWriter final {
public:
    SliceWriter(core::AtomicFile& file, std::uint64_t at)
        : m_file(file), m_at(at), m_buf(std::make_unique<char[]>(k_piece + k_slack)) {}
    // Inline and without std::string's bookkeeping: it runs once per entry, 5M times for a large list.
    void put(const void* data, std::size_t n) {
        std::memcpy(m_buf.get() + m_len, data, n);  // n <= k_slack: one record or one text row
        m_len += n;
        if (m_len >= k_piece) {
            flush();
        }
    }
    void flush() {
        if (m_len == 0) {
            return;
        }
        m_file.write_at(m_at, m_buf.get(), m_len);
        m_file.start_writeback(m_at, m_len);
        m_at += m_len;
        m_len = 0;
    }
    std::uint64_t at() const { return m_at; }

private:
    static constexpr std::size_t k_piece = 1u << 20;
    static constexpr std::size_t k_slack = 256;  // past k_piece: room for the put that crosses it
    core::AtomicFile& m_file;
    std::uint64_t m_at;
    std::unique_ptr<char[]> m_buf;
    std::size_t m_len = 0;
};

// Formats text-list rows in place, without allocating: entries of one day share the date text. One per
// thread, for that cache; the names are shared.
class CsvRowFormatter final {
public:
    // One row is at most ~64 + 1 + 40 + 1 + 20 + 1 + 20 + 1 bytes.
    static constexpr std::size_t k_max_row = 192;

    // "NAME," for each source of the new list.
    static std::vector<std::string> names_of(const std::vector<MasterSource>& sources) {
        std::vector<std::string> names;
        for (const MasterSource& s : sources) {
            names.push_back(s.name + ",");
        }
        return names;
    }
    explicit CsvRowFormatter(const std::vector<std::string>& names) : m_names(names) {}

    // What format() writes for `e` under source number `source`, counted without formatting: the slices'
    // offsets in the file are planned with it.
    std::size_t length(std::uint16_t source, const Entry& e) const {
        return m_names[source].size() + 2 * serial_bytes(e) + 1 + k_time_chars + 1 + reason_length(e.reason) + 1;
    }
    // Writes the row of `e` into `row` (k_max_row bytes) and returns its length.
    std::size_t format(const Entry& e, char* row) {
        char* p = row;
        const std::string& name = m_names[e.source];
        std::memcpy(p, name.data(), name.size());
        p += name.size();
        static const char* digits = "0123456789abcdef";
        for (std::size_t i = k_serial_bytes - serial_bytes(e); i < k_serial_bytes; ++i) {
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
    static constexpr std::size_t k_time_chars = 20;  // YYYY-MM-DDTHH:MM:SSZ (revoked_at is 32-bit: 4-digit years)

    // Significant bytes, at least one (serial 0), at most the record's (a damaged index cannot overrun it).
    static std::size_t serial_bytes(const Entry& e) {
        return std::clamp<std::size_t>(e.serial_len, 1, k_serial_bytes);
    }
    static std::size_t reason_length(std::uint8_t code) {
        static const std::array<std::uint8_t, 256> lengths = [] {
            std::array<std::uint8_t, 256> l{};
            for (std::size_t c = 0; c < l.size(); ++c) {
                l[c] = static_cast<std::uint8_t>(std::strlen(reason_name(static_cast<std::uint8_t>(c))));
            }
            return l;
        }();
        return lengths[code];
    }
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

    const std::vector<std::string>& m_names;
    std::int64_t m_cached_day = -1;
    char m_day_text[24];
};
// Counting pass over one slice, in one scan of its share of the old list: the entries carried over and their
// text rows' bytes, and the replaced source's old serials against the fresh ones, which come out of the same
// scan in serial order.
void count_slice(Slice& s, const SourcePlan& plan, const CsvRowFormatter& rows) {
    RunCursor fresh(s.a_begin, s.a_end, s.b_begin, s.b_end);
    for (const Entry* e = s.old_begin; e != s.old_end; ++e) {
        if (carried_over(*e, plan.remap)) {
            ++s.entries;
            s.csv_bytes += rows.length(plan.remap[e->source], *e);
            continue;
        }
        if (static_cast<std::int64_t>(e->source) != plan.old_source_index) {
            continue;  // a damaged index's record that names no source: dropped
        }
        count_old_serial(*e, fresh, s.added, s.removed);
    }
    s.added += fresh.remaining();  // past the old serials (all of them, in a first import): counted, not merged
    for (const auto& [begin, end] : {std::pair{s.a_begin, s.a_end}, std::pair{s.b_begin, s.b_end}}) {
        s.entries += static_cast<std::uint64_t>(end - begin);
        for (const Entry* e = begin; e != end; ++e) {
            s.csv_bytes += rows.length(plan.fresh_index, *e);
        }
    }
}

void unlink_if_there(const std::filesystem::path& path) {
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
        core::throw_write_error(path, errno, "check that the store is writable");
    }
}

// The other layout's files, linked into the new generation from the previous one: a generation holds one.
void unlink_per_source(const std::filesystem::path& into) {
    std::error_code ec;
    std::vector<std::filesystem::path> linked;
    for (auto it = std::filesystem::directory_iterator(into / k_index_dir, ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
        linked.push_back(it->path());
    }
    for (const auto& path : linked) {
        unlink_if_there(path);
    }
}

// Writes a source's index (index/NAME.idx) from its entries, two sorted runs merged (`split`: see
// SourceEntries), in slices on every core as the merged list is, each slice's bytes at their planned offset
// and handed to the disk as they are written: this is the whole publish of an import into a store kept per
// source. `source.entries` must be entries.size().
void write_source_index(const std::filesystem::path& path, const MasterSource& source, std::vector<Entry>& entries,
                        std::size_t split, std::int64_t now) {
    for (Entry& e : entries) {
        e.source = 0;
    }
    std::vector<Slice> slices = cut_slices(nullptr, 0, entries, split);
    const std::string head = index_head({source}, entries.size(), now);
    std::uint64_t at = head.size();
    for (Slice& s : slices) {
        s.entries = static_cast<std::uint64_t>((s.a_end - s.a_begin) + (s.b_end - s.b_begin));
        s.idx_offset = at;
        at += s.entries * sizeof(Entry);
    }
    core::AtomicFile out(path, 0644);
    out.write_at(0, head.data(), head.size());
    const std::vector<std::uint16_t> no_remap;
    ca::parallel_for(slices.size(), [&](std::size_t i) {
        const Slice& s = slices[i];
        SliceWriter w(out, s.idx_offset);
        for_each_merged(s, no_remap, [&](const Entry& e) { w.put(&e, sizeof e); });
        w.flush();
        if (w.at() != s.idx_offset + s.entries * sizeof(Entry)) {
            throw core::Error(core::Errc::internal, "cannot publish master list", path.string(),
                              "a slice's written size differs from its planned size");
        }
    }, 1);
    out.commit();
}

PublishStats publish_per_source(const core::StorePaths& paths, const std::filesystem::path& into,
                                const std::string& source, const std::optional<SourceEntries>& replacement,
                                std::int64_t now) {
    const MasterList old(paths);
    const SourcePlan plan = plan_sources(old, source, replacement);
    const std::filesystem::path dir = into / k_index_dir;
    unlink_if_there(into / master_index_path(paths).filename());
    unlink_if_there(into / master_csv_path(paths).filename());
    if (old.present() && !old.per_source()) {
        // Published merged until now: every other source's index is split out of it, once.
        for (std::size_t i = 0; i < old.sources().size(); ++i) {
            if (plan.remap[i] != k_dropped) {
                std::vector<Entry> entries;
                old.for_each_of(static_cast<std::uint16_t>(i), [&](const Entry& e) { entries.push_back(e); });
                MasterSource s = old.sources()[i];
                s.entries = entries.size();  // without a damaged index's records that name no source
                write_source_index(dir / (s.name + ".idx"), s, entries, entries.size(), now);
            }
        }
    }
    unlink_if_there(dir / (source + ".idx"));

    PublishStats stats;
    std::vector<Entry> empty;
    std::vector<Entry>& fresh = replacement ? *replacement->entries : empty;
    const std::size_t split = replacement ? std::min(replacement->split, fresh.size()) : 0;
    // What changed for the replaced source: its old serials against the fresh ones, both in serial order.
    RunCursor f(fresh.data(), fresh.data() + split, fresh.data() + split, fresh.data() + fresh.size());
    if (plan.old_source_index >= 0) {
        old.for_each_of(static_cast<std::uint16_t>(plan.old_source_index), [&](const Entry& e) {
            count_old_serial(e, f, stats.added_entries, stats.removed_entries);
        });
    }
    stats.added_entries += f.remaining();
    if (replacement) {
        write_source_index(dir / (source + ".idx"), plan.sources[plan.fresh_index], fresh, split, now);
    }
    stats.source_entries = fresh.size();
    for (const MasterSource& s : plan.sources) {
        stats.total_entries += s.entries;
    }
    write_sources_csv(into / master_sources_path(paths).filename(), plan.sources);
    return stats;
}
}  // namespace

void render_master_csv(const MasterList& list, const std::function<void(std::string_view)>& sink) {
    constexpr std::size_t k_piece = 1u << 20;
    const std::vector<std::string> names = CsvRowFormatter::names_of(list.sources());
    CsvRowFormatter rows(names);
    std::string piece = "source,serial,revocation_date,reason\n";
    piece.reserve(k_piece + CsvRowFormatter::k_max_row);
    list.for_each([&](const Entry& e) {
        char row[CsvRowFormatter::k_max_row];
        piece.append(row, rows.format(e, row));
        if (piece.size() >= k_piece) {
            sink(piece);
            piece.clear();
        }
    });
    sink(piece);
}

PublishStats publish_master(const core::StorePaths& paths, const std::string& source,
                            const std::optional<SourceEntries>& replacement, std::int64_t now, MasterLayout layout) {
    Generation next(paths);
    const PublishStats stats = publish_master(paths, next.dir(), source, replacement, now, layout);
    next.commit();
    return stats;
}

PublishStats publish_master(const core::StorePaths& paths, const std::filesystem::path& into,
                            const std::string& source, const std::optional<SourceEntries>& replacement,
                            std::int64_t now, MasterLayout layout) {
    if (layout == MasterLayout::on_demand) {
        return publish_per_source(paths, into, source, replacement, now);
    }
    unlink_per_source(into);
    const MasterList old(paths);
    std::vector<Entry> merged;  // the old list, when it was published per source
    std::uint64_t old_count = 0;
    const Entry* old_records = old.sorted(merged, old_count);
    const SourcePlan plan = plan_sources(old, source, replacement);
    std::vector<Entry> empty;
    std::vector<Entry>& fresh = replacement ? *replacement->entries : empty;
    const std::size_t split = replacement ? replacement->split : 0;
    for (Entry& e : fresh) {
        e.source = plan.fresh_index;
    }

    // Both files are written slice by slice on every core: first each slice's entries, text bytes and
    // changes are counted (that plans where its bytes go in each file), then each is merged once into its
    // index records and its text rows, written at those offsets.
    std::vector<Slice> slices = cut_slices(old_records, old_count, fresh, split);
    const std::vector<std::string> names = CsvRowFormatter::names_of(plan.sources);
    ca::parallel_for(slices.size(), [&](std::size_t i) { count_slice(slices[i], plan, CsvRowFormatter(names)); }, 1);

    PublishStats stats;
    stats.source_entries = fresh.size();
    const std::string csv_head = "source,serial,revocation_date,reason\n";
    std::uint64_t csv_at = csv_head.size();
    for (Slice& s : slices) {
        s.csv_offset = csv_at;
        csv_at += s.csv_bytes;
        stats.total_entries += s.entries;
        stats.added_entries += s.added;
        stats.removed_entries += s.removed;
    }

    core::AtomicFile idx(into / master_index_path(paths).filename(), 0644);
    core::AtomicFile csv(into / master_csv_path(paths).filename(), 0644);
    const std::string head = index_head(plan.sources, stats.total_entries, now);
    idx.write_at(0, head.data(), head.size());
    csv.write_at(0, csv_head.data(), csv_head.size());
    write_sources_csv(into / master_sources_path(paths).filename(), plan.sources);

    // A buffered write holds the file's lock while it copies (ext4 and most file systems): two threads writing
    // one file copy one at a time, and the copying is most of the writing. So the index is one task, written
    // by one thread, while the others write the text list's slices; then that thread joins them. (A first
    // version wrote each slice's index records and text rows together: 2 threads were no faster than one
    // at copying 1.4 GB into two files.)
    const std::uint64_t idx_end = head.size() + stats.total_entries * sizeof(Entry);
    ca::parallel_for(slices.size() + 1, [&](std::size_t task) {
        // The plan and the writing are two codings of one row: if they ever disagreed, the file would have a
        // gap or an overlap. Nothing is published then.
        const auto check_size = [&](std::uint64_t written, std::uint64_t planned, const std::filesystem::path& file) {
            if (written != planned) {
                throw core::Error(core::Errc::internal, "cannot publish master list", file.string(),
                                  "the bytes written differ from the bytes planned");
            }
        };
        if (task == 0) {
            SliceWriter idx_out(idx, head.size());
            for (const Slice& s : slices) {
                for_each_merged(s, plan.remap, [&](const Entry& e) { idx_out.put(&e, sizeof e); });
            }
            idx_out.flush();
            check_size(idx_out.at(), idx_end, master_index_path(paths));
            return;
        }
        const Slice& s = slices[task - 1];
        CsvRowFormatter rows(names);
        SliceWriter csv_out(csv, s.csv_offset);
        for_each_merged(s, plan.remap, [&](const Entry& e) {
            char row[CsvRowFormatter::k_max_row];
            csv_out.put(row, rows.format(e, row));
        });
        csv_out.flush();
        check_size(csv_out.at(), s.csv_offset + s.csv_bytes, master_csv_path(paths));
    }, 1);

    // Both fsyncs wait for the disk at once.
    ca::SecondThread csv_sync([&] { csv.sync(); });
    idx.sync();
    csv_sync.join();
    csv.commit();
    idx.commit();
    return stats;
}

}  // namespace certctl::crl
