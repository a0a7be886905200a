// policies/check.cpp — builds a CheckReport from scanned files and inventory rows.
#include "policies/check.h"

#include "lib/ca/parallel.h"
#include "lib/core/der.h"
#include "lib/core/progress.h"
#include "lib/core/rfc3339.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <limits>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>

namespace certctl::policies {

namespace {
void apply_revocation(const certs::ScannedCert& c, const certs::RevocationLookup& revocation, CertFacts& facts) {
    const certs::RevocationStatus st = revocation.lookup(c.issuer_der, c.serial_bytes);
    if (st.state == certs::RevocationStatus::State::revoked) {
        std::string why = st.reason.empty() ? "unspecified" : st.reason;
        if (!st.revocation_date.empty()) {
            why += " since " + st.revocation_date;
        }
        if (!st.source.empty()) {
            why += " (CRL " + st.source + ")";
        }
        facts.revoked = why;
    }
}

CheckedCert checked_from(const certs::ScannedCert& c) {
    CheckedCert out;
    out.subject_cn = c.subject_cn;
    out.serial = c.serial;
    out.fingerprint = c.fingerprint;
    out.not_before = c.not_before;
    out.not_after = c.not_after;
    return out;
}
}  // namespace

std::optional<audit::Severity> CheckReport::worst() const {
    std::optional<audit::Severity> w;
    for (const CheckedCert& c : certs) {
        if (c.verdict.severity && (!w || *c.verdict.severity > *w)) {
            w = c.verdict.severity;
        }
    }
    for (const CheckedAlarm& a : alarms) {
        if (!w || a.severity > *w) {
            w = a.severity;
        }
    }
    return w;
}

std::size_t CheckReport::count(std::optional<audit::Severity> severity) const {
    std::size_t n = 0;
    for (const CheckedCert& c : certs) {
        n += c.verdict.severity == severity ? 1 : 0;
    }
    return n;
}

const CheckedCert* CheckReport::soonest() const {
    const CheckedCert* best = nullptr;
    for (const CheckedCert& c : certs) {
        if (c.not_after && (best == nullptr || *c.not_after < *best->not_after)) {
            best = &c;
        }
    }
    return best;
}

void check_files(const std::vector<std::filesystem::path>& paths, const certs::RevocationLookup& revocation,
                 bool fingerprints, CheckReport& report) {
    // Reading and scanning the files (a syscall or three and a hash each) on every core, then reported in the
    // walk's order; progress is told from the calling thread only.
    std::vector<certs::ScannedFile> files = certs::list_files(paths);
    std::atomic<std::size_t> done{0};
    const std::thread::id caller = std::this_thread::get_id();
    ca::parallel_for(files.size(), [&](std::size_t i) {
        static thread_local std::string buffer;
        if (std::this_thread::get_id() == caller) {
            core::report_progress("reading certificate files", done.load(), files.size());
        }
        certs::scan_file(files[i], fingerprints, false, buffer);
        ++done;
    });
    core::report_progress("reading certificate files", files.size(), files.size());
    for (const certs::ScannedFile& f : files) {
        if (f.result.problem) {
            report.problems.push_back({f.path.string(), *f.result.problem});
        }
        const std::size_t n = f.result.certs.size();
        for (std::size_t i = 0; i < n; ++i) {
            const certs::ScannedCert& c = f.result.certs[i];
            CheckedCert out = checked_from(c);
            out.name = n == 1 ? f.path.string() : f.path.string() + "#" + std::to_string(i + 1);
            out.source = "file";
            out.path = f.path.string();
            CertFacts facts{out.name, c.not_before, c.not_after, std::nullopt, std::nullopt, std::nullopt};
            apply_revocation(c, revocation, facts);
            out.verdict = evaluate(facts, report.at, report.thresholds);
            report.certs.push_back(std::move(out));
        }
    }
}

RowFacts facts_for(const InventoryRow& row, const certs::RevocationLookup& revocation, const InvalidCheck& invalid) {
    RowFacts rf;
    rf.facts.name = row.name;
    certs::ScanResult scanned;
    bool stored_whole = false;
    if (row.source == "tracked") {
        const auto files = certs::scan_paths({row.path}, true, true);
        scanned = files.empty() ? certs::ScanResult{{}, std::string("no such file")} : files.front().result;
        if (scanned.certs.empty()) {
            rf.facts.missing = row.path + ": " + scanned.problem.value_or("no certificate in the file");
            return rf;
        }
    } else {
        // A stored certificate that is exactly one DER certificate is judged from the row's own bytes, not
        // from a copy (ten thousand copies were a tenth of a large check's memory)
        const std::uint8_t* p = row.der.data();
        core::Tlv whole;
        stored_whole =
            core::next_tlv(p, row.der.data() + row.der.size(), whole) && p == row.der.data() + row.der.size();
        // The row's fingerprint was taken from these bytes when it was stored: not hashed again
        scanned = certs::scan_bytes(std::string_view(reinterpret_cast<const char*>(row.der.data()), row.der.size()),
                                    row.fingerprint.empty(), !stored_whole);
        if (scanned.certs.empty()) {
            rf.facts.invalid = "the stored certificate cannot be read";
            return rf;
        }
    }
    rf.cert = std::move(scanned.certs.front());
    rf.facts.not_before = rf.cert->not_before;
    rf.facts.not_after = rf.cert->not_after;
    apply_revocation(*rf.cert, revocation, rf.facts);
    if (invalid) {
        rf.facts.invalid = invalid(row, stored_whole ? row.der : rf.cert->der);
    }
    return rf;
}

namespace {
// One store row's line of the report: its certificate's facts judged, with the row's own settings.
CheckedCert checked_row(const InventoryRow& row, const RowFacts& rf, const CheckReport& report) {
    CheckedCert out = rf.cert ? checked_from(*rf.cert) : CheckedCert{};
    out.name = row.name;
    out.source = row.source;
    out.path = row.path;
    out.purpose = row.purpose;
    out.state = row.state;
    out.policy = row.policy;
    if (out.fingerprint.empty()) {
        out.fingerprint = row.fingerprint;
    }
    out.verdict = evaluate(rf.facts, report.at, report.thresholds);
    return out;
}

// Batches of rows, pushed by the thread that reads them from the store and judged (facts_for) by whichever
// thread takes them first. A batch stays where it is (a deque) while more are pushed.
//
// A row that names a trust bundle is judged only once the read is over: its chain check loads the bundle
// from the store (BundleAnchors), and the store's connection must not be used while the reading thread
// steps through the certificates (one thread at a time: storage/database.h). Until then it is set aside.
class JudgeQueue final {
public:
    struct Batch {
        std::vector<InventoryRow> rows;
        std::vector<RowFacts> facts;
    };

    void push(std::vector<InventoryRow> rows) {
        {
            const std::lock_guard<std::mutex> lock(m_mutex);
            m_batches.push_back({std::move(rows), {}});
        }
        m_ready.notify_one();
    }
    // The read is over (or failed): the judges return once the last batch is taken.
    void finish() {
        {
            const std::lock_guard<std::mutex> lock(m_mutex);
            m_finished = true;
        }
        m_ready.notify_all();
    }
    // Judges batches until finish() and none left.
    void judge(const certs::RevocationLookup& revocation, const InvalidCheck& invalid) {
        while (Batch* b = take()) {
            b->facts.resize(b->rows.size());
            for (std::size_t i = 0; i < b->rows.size(); ++i) {
                if (!b->rows[i].trust_bundle.empty() && !m_read_over) {
                    const std::lock_guard<std::mutex> lock(m_mutex);
                    m_set_aside.emplace_back(b, i);
                    continue;
                }
                b->facts[i] = facts_for(b->rows[i], revocation, invalid);
            }
        }
    }
    // After every judge has returned: the rows set aside, judged on every core.
    void judge_set_aside(const certs::RevocationLookup& revocation, const InvalidCheck& invalid) {
        ca::parallel_for(m_set_aside.size(), [&](std::size_t k) {
            auto [b, i] = m_set_aside[k];
            b->facts[i] = facts_for(b->rows[i], revocation, invalid);
        });
    }
    std::deque<Batch>& batches() { return m_batches; }  // once every judge has returned
    // The reading thread is done with the store: rows that name a trust bundle may be judged from now on.
    void read_over() { m_read_over = true; }

private:
    Batch* take() {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_ready.wait(lock, [this] { return m_taken < m_batches.size() || m_finished; });
        return m_taken < m_batches.size() ? &m_batches[m_taken++] : nullptr;
    }

    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<Batch> m_batches;
    std::size_t m_taken = 0;
    bool m_finished = false;
    std::atomic<bool> m_read_over{false};
    std::vector<std::pair<Batch*, std::size_t>> m_set_aside;
};
}  // namespace

void check_rows(const std::vector<InventoryRow>& rows, const certs::RevocationLookup& revocation,
                const InvalidCheck& invalid, CheckReport& report) {
    // Reading and judging each certificate (parse, role, key, chain) is most of a check of a large store and
    // needs nothing from the others: done on every core, then reported in the rows' order.
    std::vector<RowFacts> facts(rows.size());
    ca::parallel_for(rows.size(), [&](std::size_t i) { facts[i] = facts_for(rows[i], revocation, invalid); });
    report.certs.reserve(report.certs.size() + rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        report.certs.push_back(checked_row(rows[i], facts[i], report));
    }
}

std::vector<std::string> check_inventory(storage::Database& db, const certs::RevocationLookup& revocation,
                                         const InvalidCheck& invalid, CheckReport& report) {
    // 128 rows: a batch's vectors (rows, facts) stay under malloc's mmap threshold (128 KiB), so they come
    // from the heap and the memory of the batches released below is taken again by the report. At 1,024 rows
    // each was mapped fresh and unmapped when released: 8% slower at 100,000 certificates, for 75 MB less at
    // the peak.
    constexpr std::size_t k_batch = 128;
    JudgeQueue queue;
    {
        // The other cores judge while this thread reads (a third of checking a large store), then it judges
        // what is left with them.
        const std::size_t hw = std::max<std::size_t>(1, std::thread::hardware_concurrency());
        std::vector<std::unique_ptr<ca::SecondThread>> judges;
        for (std::size_t t = 0; t < std::clamp<std::size_t>(hw - 1, 1, 7); ++t) {
            judges.push_back(std::make_unique<ca::SecondThread>([&] { queue.judge(revocation, invalid); }));
        }
        struct Finish {  // after `judges`: a failed read finishes the queue before their threads are joined
            JudgeQueue& q;
            ~Finish() { q.finish(); }
        } finish{queue};
        std::vector<InventoryRow> batch;
        batch.reserve(k_batch);
        certs::Inventory(db).for_each(certs::Inventory::Content::judged, [&](InventoryRow&& row) {
            batch.push_back(std::move(row));
            if (batch.size() == k_batch) {
                queue.push(std::exchange(batch, {}));
                batch.reserve(k_batch);  // once: growing to a full batch moved each row seven times
            }
        });
        queue.read_over();
        queue.push(std::move(batch));
        queue.finish();
        queue.judge(revocation, invalid);
        for (auto& j : judges) {
            j->join();
        }
    }
    queue.judge_set_aside(revocation, invalid);
    std::size_t n = 0;
    for (const JudgeQueue::Batch& b : queue.batches()) {
        n += b.rows.size();
    }
    std::vector<std::string> names;
    names.reserve(n);
    report.certs.reserve(report.certs.size() + n);
    for (JudgeQueue::Batch& b : queue.batches()) {
        for (std::size_t i = 0; i < b.rows.size(); ++i) {
            report.certs.push_back(checked_row(b.rows[i], b.facts[i], report));
            names.push_back(std::move(b.rows[i].name));
        }
        // Released batch by batch, so the report's next lines take the memory this batch's rows and facts held
        // (this thread allocated the rows): 150 MB at 100,000 rows were otherwise held until the end and the
        // rest of the check took fresh pages.
        b = {};
    }
    return names;
}

void add_renewal_status(storage::Database& db, const core::Config& config, CheckReport& report) {
    const RenewalStatusReader reader(db, config);
    for (CheckedCert& c : report.certs) {
        if (c.source == "issued" && c.not_before && c.not_after) {
            c.renewal = reader.of(c.name, c.source, *c.not_before, *c.not_after, report.at);
        }
    }
}

}  // namespace certctl::policies
