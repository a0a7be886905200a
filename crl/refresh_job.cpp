// crl/refresh_job.cpp — the refresh pass and how each outcome is recorded.
#include "crl/refresh_job.h"

#include "crl/fetcher.h"
#include "crl/generation.h"
#include "crl/ingest.h"
#include "crl/source_store.h"
#include "lib/audit/alarm_store.h"
#include "lib/audit/audit_log.h"
#include "lib/audit/counters.h"
#include "lib/core/atomic_file.h"
#include "lib/core/error.h"
#include "lib/core/file_io.h"
#include "lib/core/file_lock.h"
#include "lib/core/interrupt_cleanup.h"
#include "lib/core/rfc3339.h"
#include "lib/trust/trust_store.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace certctl::crl {

namespace {
const char* k_alarm_kind = "crl_source";

using Status = SourceResult::Status;

std::string rfc(std::int64_t unix_seconds) { return core::format_rfc3339(core::from_unix(unix_seconds)); }

nlohmann::json opt_json(const std::optional<std::string>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

std::unique_ptr<core::FileLock> lock_crl(const core::StorePaths& paths, std::chrono::milliseconds wait) {
    core::create_private_directories(paths.crl_dir());
    return std::make_unique<core::FileLock>(paths.crl_dir() / "refresh.lock", wait);
}

// What happened to one source, before it is written down.
struct Outcome {
    Status status = Status::failed;
    bool fetch_ok = false;             // the transfer worked (a 304 counts)
    bool fetched = true;               // false for `crl import`: no transfer, so no fetch counter
    bool ingested = false;             // a new body was parsed, verified and merged
    bool ingest_attempted = false;     // a new body was examined
    std::string error;
    std::optional<IngestResult> ingest;
    std::optional<std::string> etag;
    std::optional<std::string> last_modified;
    std::uint64_t size = 0;
};

bool is_stale(const Source& s, core::TimePoint now) {
    return s.next_update && core::parse_time(*s.next_update) < now;
}

nlohmann::json detail_of(const Source& s, const Outcome& o, const SourceResult& r, bool forced) {
    nlohmann::json detail = {
        {"source", s.name},
        {"forced", forced},
        {"crl_url", s.url},
        {"not_modified", o.status == Status::unchanged},
        {"size", o.size},
        {"total_entries", r.entries},
        {"added_entries", r.added},
        {"removed_entries", r.removed},
        {"certificate_authority", opt_json(s.issuer)},
        {"crl_number", opt_json(s.crl_number)},
        {"last_updated", opt_json(s.this_update)},
        {"next_update", opt_json(s.next_update)},
        {"next_attempt", s.next_attempt},
    };
    if (o.ingest && !o.ingest->accepted && !o.ingest->issuer_dn.empty()) {
        detail["certificate_authority"] = o.ingest->issuer_dn;
    }
    return detail;
}

class Recorder final {
public:
    Recorder(storage::Store& store, const core::Clock& clock) : m_store(store), m_clock(clock) {}

    // Writes the outcome: source state, system.crl_update, counters and the alarm, in one transaction.
    // A refused `crl import` is only audited and counted: the operator sees the refusal at once, and
    // the source's schedule, failure count and alarm describe its fetches, not a hand-fed file.
    SourceResult record(Source s, const Outcome& o, bool forced) {
        const core::TimePoint now = m_clock.now();
        const bool refused_import = !o.fetched && o.status == Status::failed;
        SourceResult r;
        r.name = s.name;
        r.url = s.url;
        r.status = o.status;
        r.error = o.error;
        r.size = o.size;
        if (refused_import) {
            r.next_attempt = core::parse_time(s.next_attempt);
        } else {
            schedule(s, o, now, r);
        }
        if (o.ingest && o.ingest->accepted) {
            take_ingest(s, *o.ingest, r);
        }
        r.entries = s.entries ? static_cast<std::uint64_t>(*s.entries) : 0;
        s.next_attempt = core::format_rfc3339(r.next_attempt);
        r.stale = is_stale(s, now);
        storage::Database& db = m_store.db();
        if (refused_import) {
            db.transaction([&] {
                audit::AuditLog(db, m_clock).record("system.crl_update", s.name, detail_of(s, o, r, forced), false,
                                                    o.error);
                audit::Counters(db).increment("crl_ingestion_failure");
            });
            return r;
        }
        const nlohmann::json detail = detail_of(s, o, r, forced);
        db.transaction([&] {
            SourceStore(db).update_state(s);
            audit::AuditLog(db, m_clock).record("system.crl_update", s.name, detail, o.status != Status::failed,
                                                o.error);
            count(db, o);
            audit::AlarmStore alarms(db, m_clock);
            set_alarm(alarms, s, o, r);
        });
        return r;
    }

private:
    // A fetch (or import) that counts for the schedule: the attempt, the failure count and the next attempt
    // (backoff after a failure, polling after a success), and the validators of a good answer.
    static void schedule(Source& s, const Outcome& o, core::TimePoint now, SourceResult& r) {
        s.last_attempt = core::format_rfc3339(now);
        if (o.status == Status::failed) {
            s.consecutive_failures += 1;
            s.last_error = o.error;
            r.next_attempt = now + std::chrono::seconds(s.backoff_interval);
            return;
        }
        s.consecutive_failures = 0;
        s.last_error.reset();
        s.last_success = s.last_attempt;
        r.next_attempt = now + std::chrono::seconds(s.polling_interval);
        if (o.etag || o.last_modified) {
            s.etag = o.etag;
            s.last_modified = o.last_modified;
        }
    }

    // What an accepted CRL tells about its source.
    static void take_ingest(Source& s, const IngestResult& in, SourceResult& r) {
        s.crl_number = in.crl_number_hex.empty() ? std::nullopt : std::optional<std::string>(in.crl_number_hex);
        s.issuer = in.issuer_dn;
        s.this_update = rfc(*in.this_update);
        s.next_update = in.next_update ? std::optional<std::string>(rfc(*in.next_update)) : std::nullopt;
        s.entries = static_cast<std::int64_t>(in.stats.source_entries);
        s.size = static_cast<std::int64_t>(in.size);
        r.added = in.stats.added_entries;
        r.removed = in.stats.removed_entries;
        r.master_entries = in.stats.total_entries;
    }

    static void count(storage::Database& db, const Outcome& o) {
        audit::Counters counters(db);
        if (o.fetched) {
            counters.increment(o.fetch_ok ? "crl_fetch_success" : "crl_fetch_failure");
        }
        if (o.ingested) {
            counters.increment("crl_ingestion_success");
        } else if (o.ingest_attempted) {
            counters.increment("crl_ingestion_failure");
        }
    }

    static void set_alarm(audit::AlarmStore& alarms, const Source& s, const Outcome& o, const SourceResult& r) {
        const bool no_good = !s.last_success;
        if (o.status == Status::failed) {
            // Minor while the last good CRL is still current; major once it is stale or there is none.
            const auto severity = (no_good || r.stale) ? audit::Severity::major : audit::Severity::minor;
            std::string reason = o.error;
            if (no_good) {
                reason += " (no good CRL yet)";
            } else if (r.stale) {
                reason += " (last good CRL is stale since " + *s.next_update + ")";
            }
            alarms.raise(k_alarm_kind, s.name, severity, reason);
        } else if (r.stale) {
            alarms.raise(k_alarm_kind, s.name, audit::Severity::major,
                         "CRL is stale: nextUpdate " + *s.next_update + " has passed");
        } else {
            alarms.clear(k_alarm_kind, s.name, "refreshed");
        }
    }

    storage::Store& m_store;
    const core::Clock& m_clock;
};

// Downloads and staged copies left by a run that was killed; only ever called with the lock held. (A
// generation left half-built is swept by the next crl::Generation.)
void remove_leftovers(const core::StorePaths& paths) {
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator(temp_dir(paths), ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
        std::error_code ignored;
        std::filesystem::remove(it->path(), ignored);
    }
}

MasterLayout master_layout_setting(const core::Config& config) {
    return config.get("crl.master_list") == "on-demand" ? MasterLayout::on_demand : MasterLayout::publish;
}

IngestOptions ingest_options(const core::Config& config, const core::Clock& clock, bool move) {
    IngestOptions o;
    o.policy.now = core::to_unix(clock.now());
    o.policy.clock_skew = config.get_duration("crl.clock_skew").count();
    o.max_size = config.get_size("crl.max_size");
    o.move_into_cache = move;
    o.master_layout = master_layout_setting(config);
    return o;
}

Outcome ingest(storage::Store& store, const core::Clock& clock, const Source& s, const std::filesystem::path& file,
               bool move) {
    Outcome o;
    o.ingest_attempted = true;
    const auto issuers = issuer_candidates(store.db(), s);
    IngestResult in = ingest_crl_file(store.paths(), s, issuers, file, ingest_options(store.config(), clock, move));
    o.size = in.size;
    if (in.accepted) {
        o.status = Status::updated;
        o.ingested = true;
    } else {
        o.error = "CRL refused: " + in.error;
    }
    o.ingest = std::move(in);
    return o;
}

// Trust anchors for an https source with --tls-bundle, written where libcurl can read them.
std::string tls_ca_file(storage::Store& store, const Source& s) {
    if (!s.tls_bundle) {
        return store.config().get("crl.ca_file");
    }
    std::string pem;
    const core::SystemClock clock;  // the trust store's clock only dates its listings
    for (const Botan::X509_Certificate& c : trust::TrustStore(store.db(), clock).readable_certificates(s.tls_bundle)) {
        pem += c.PEM_encode();
    }
    const auto path = temp_dir(store.paths()) / (s.name + ".tls-ca.pem");
    core::write_file_atomic(path, pem, 0600);
    return path.string();
}

Outcome fetch_and_ingest(storage::Store& store, const core::Clock& clock, const Source& s) {
    const core::Config& config = store.config();
    core::create_private_directories(temp_dir(store.paths()));
    FetchRequest req;
    req.url = s.url;
    const bool have_cache = s.last_success && std::filesystem::exists(cache_path(store.paths(), s.name));
    // Even a forced run asks conditionally: a 304 is the truth about an unchanged CRL. Without a usable
    // cache the validators are useless, so the body is fetched whole.
    if (have_cache) {
        req.etag = s.etag;
        req.last_modified = s.last_modified;
    }
    req.body_file = temp_dir(store.paths()) / (s.name + ".download");
    req.connect_timeout =
        std::chrono::duration_cast<std::chrono::milliseconds>(config.get_duration("crl.connect_timeout"));
    req.total_timeout = std::chrono::duration_cast<std::chrono::milliseconds>(config.get_duration("crl.total_timeout"));
    req.max_size = config.get_size("crl.max_size");
    req.proxy = config.get("crl.proxy");
    req.ca_file = tls_ca_file(store, s);
    // SIGINT/SIGTERM mid-download removes the partial file on the way out (remove_leftovers is the fallback).
    const core::InterruptCleanupFile partial_download(req.body_file);
    const FetchResult f = fetch_crl(req);
    Outcome o;
    if (f.outcome == FetchResult::Outcome::failed) {
        o.error = f.error;
    } else if (f.outcome == FetchResult::Outcome::not_modified && !req.etag && !req.last_modified &&
               s.url.rfind("file://", 0) != 0) {
        o.error = "HTTP 304 from " + s.url + " although nothing was asked conditionally";
    } else if (f.outcome == FetchResult::Outcome::not_modified) {
        // RFC 9110 15.4.5: a 304 carries no body; keep the cached CRL and only move next_attempt.
        o.status = Status::unchanged;
        o.fetch_ok = true;
        o.etag = f.etag;
        o.last_modified = f.last_modified;
    } else {
        o = ingest(store, clock, s, f.body, f.body_is_temporary);
        o.fetch_ok = true;
        o.size = f.size;
        if (o.ingested) {
            o.etag = f.etag;
            o.last_modified = f.last_modified;
        }
    }
    std::error_code ec;
    if (f.body_is_temporary) {
        std::filesystem::remove(req.body_file, ec);  // gone already when it became the last good CRL
    }
    return o;
}
}  // namespace

const char* status_name(SourceResult::Status s) {
    switch (s) {
        case Status::updated: return "updated";
        case Status::unchanged: return "unchanged";
        case Status::failed: return "failed";
    }
    return "failed";
}

bool RefreshReport::any_failed() const {
    return std::any_of(results.begin(), results.end(),
                       [](const SourceResult& r) { return r.status == Status::failed; });
}

RefreshJob::RefreshJob(storage::Store& store, const core::Clock& clock) : m_store(store), m_clock(clock) {}

RefreshReport RefreshJob::run(const std::vector<std::string>& names, bool force, std::chrono::milliseconds lock_wait) {
    SourceStore sources(m_store.db());
    for (const std::string& n : names) {
        sources.get(n);  // unknown names fail before anything runs
    }
    const auto lock = lock_crl(m_store.paths(), lock_wait);
    remove_leftovers(m_store.paths());
    RefreshReport report;
    Recorder recorder(m_store, m_clock);
    for (const Source& s : sources.list()) {
        if (!names.empty() && std::find(names.begin(), names.end(), s.name) == names.end()) {
            continue;
        }
        const bool due = core::parse_time(s.next_attempt) <= m_clock.now();
        if (!force && !due) {
            continue;
        }
        const Outcome o = fetch_and_ingest(m_store, m_clock, s);
        report.results.push_back(recorder.record(s, o, force));
    }
    report.next_due = next_due();
    return report;
}

SourceResult RefreshJob::import_file(const std::string& name, const std::filesystem::path& file,
                                     std::chrono::milliseconds lock_wait) {
    const Source s = SourceStore(m_store.db()).get(name);
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) {
        throw core::Error(core::Errc::not_found, "cannot import CRL", file.string(), "no such file");
    }
    const auto lock = lock_crl(m_store.paths(), lock_wait);
    remove_leftovers(m_store.paths());
    Outcome o = ingest(m_store, m_clock, s, file, false);
    o.fetched = false;
    // An imported file has no HTTP validators: the next fetch is unconditional.
    if (o.ingested) {
        o.etag.reset();
        o.last_modified.reset();
        Source cleared = s;
        cleared.etag.reset();
        cleared.last_modified.reset();
        return Recorder(m_store, m_clock).record(cleared, o, true);
    }
    return Recorder(m_store, m_clock).record(s, o, true);
}

void RefreshJob::remove_source(const std::string& name, std::chrono::milliseconds lock_wait) {
    SourceStore(m_store.db()).get(name);
    const auto lock = lock_crl(m_store.paths(), lock_wait);
    Generation next(m_store.paths());
    publish_master(m_store.paths(), next.dir(), name, std::nullopt, core::to_unix(m_clock.now()),
                   master_layout_setting(m_store.config()));
    std::error_code ec;
    std::filesystem::remove(next.source_crl(name), ec);
    next.commit();
    storage::Database& db = m_store.db();
    db.transaction([&] {
        SourceStore(db).remove(name);
        audit::AlarmStore(db, m_clock).clear(k_alarm_kind, name, "source removed");
    });
}

std::optional<core::TimePoint> RefreshJob::next_due() {
    std::optional<core::TimePoint> best;
    for (const Source& s : SourceStore(m_store.db()).list()) {
        const core::TimePoint t = core::parse_time(s.next_attempt);
        if (!best || t < *best) {
            best = t;
        }
    }
    return best;
}

}  // namespace certctl::crl
