// lib/storage/database.cpp — opening, migrating and translating SQLite errors.
#include "lib/storage/database.h"

#include "lib/core/atomic_file.h"
#include "lib/core/error.h"
#include "lib/storage/migrations.h"
#include "lib/storage/schema_image.h"

#include <SQLiteCpp/Exception.h>
#include <cerrno>
#include <cstdint>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

namespace certctl::storage {

namespace {
constexpr int k_busy_timeout_ms = 10000;
// The largest write-ahead log a closing connection leaves as it is. The first connection of the next process
// re-reads the whole log (SQLite rebuilds its index of it): about 0.7 ms per MB here, so a reader pays at
// most 0.2 ms for what the last commands left, where checkpointing at every close cost each writer 0.6 ms.
constexpr std::uintmax_t k_wal_keep_bytes = 256 << 10;
}

void Database::rethrow(const std::exception& e, const std::string& subject) {
    if (const auto* ours = dynamic_cast<const core::Error*>(&e)) {
        throw *ours;
    }
    const auto* sql = dynamic_cast<const SQLite::Exception*>(&e);
    if (sql == nullptr) {
        throw;
    }
    switch (sql->getErrorCode()) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            throw core::Error(core::Errc::locked, "store is busy", subject, sql->what(),
                              "another certctl is writing; try again");
        case SQLITE_READONLY:
        case SQLITE_CANTOPEN:
        case SQLITE_FULL:
        case SQLITE_IOERR:
            throw core::Error(core::Errc::cannot_write, "cannot write the store", subject, sql->what(),
                              "check that the store is writable and the disk is not full");
        case SQLITE_PERM:
        case SQLITE_AUTH:
            throw core::Error(core::Errc::permission, "permission denied on the store", subject, sql->what());
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            throw core::Error(core::Errc::bad_input, "the store's database is damaged", subject, sql->what(),
                              "restore certctl.db from a backup");
        default:
            throw core::Error(core::Errc::internal, "database error", subject, sql->what());
    }
}

namespace {
// SQLite's multi-thread mode for every connection: one connection is used by one thread at a time (a
// Database and its statement cache are not shared between threads; check's judging threads reach it only
// through BundleAnchors' lock), so SQLite's own lock around every call (two per column read: a tenth of
// reading a large inventory) buys nothing.
constexpr int k_one_thread_at_a_time = SQLITE_OPEN_NOMUTEX;

// RFC 8089 file: URI for sqlite3_open_v2 with SQLITE_OPEN_URI: '?', '#' and '%' in a path must be escaped.
std::string file_uri(const std::filesystem::path& file, const char* query) {
    std::string out = "file:";
    for (const char c : std::filesystem::absolute(file).string()) {
        if (c == '?' || c == '#' || c == '%') {
            static const char* const k_hex = "0123456789ABCDEF";
            out += '%';
            out += k_hex[(static_cast<unsigned char>(c) >> 4) & 0xF];
            out += k_hex[static_cast<unsigned char>(c) & 0xF];
        } else {
            out += c;
        }
    }
    return out + "?" + query;
}

// Writing needs the database and its directory (SQLite creates -wal and -shm beside it).
bool may_write(const std::filesystem::path& file) {
    const std::filesystem::path dir = file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
    return ::access(file.c_str(), W_OK) == 0 && ::access(dir.c_str(), W_OK) == 0;
}

// Opens an existing database for reading only, for a user who may read the store but not write it (a
// monitoring account). SQLite needs the -wal and -shm files to read a WAL database read-only: writers keep
// them between commands (see the constructor), readable with the database's own mode. A store whose log is
// gone (last written by a certctl that deleted it at every close) is the file alone, opened `immutable`.
// Never migrates: a schema older than this build is Error(cannot_write) with a hint.
std::unique_ptr<SQLite::Database> open_read_only(const std::filesystem::path& file) {
    std::unique_ptr<SQLite::Database> db;
    const auto open = [&](const char* query) {
        db = std::make_unique<SQLite::Database>(
            file_uri(file, query), SQLite::OPEN_READONLY | SQLite::OPEN_URI | k_one_thread_at_a_time, k_busy_timeout_ms);
        return db->execAndGet("PRAGMA user_version").getInt();  // the first read: fails without the WAL index
    };
    int current = 0;
    try {
        try {
            current = open("mode=ro");
        } catch (const SQLite::Exception&) {
            std::error_code ec;
            if (std::filesystem::exists(file.string() + "-wal", ec) || ec) {
                throw;  // a writer's log exists but cannot be read: reading without it would miss changes
            }
            db.reset();
            current = open("immutable=1");
        }
    } catch (const SQLite::Exception& e) {
        const int code = e.getErrorCode();
        if (code == SQLITE_CANTOPEN || code == SQLITE_READONLY || code == SQLITE_PERM || code == SQLITE_AUTH) {
            throw core::Error(core::Errc::permission, "cannot read the store", file.string(), e.what(),
                              "give this user read access to certctl.db and its -wal and -shm files (docs/store.md, "
                              "\"Read access for monitoring\"), or run as the store's owner");
        }
        Database::rethrow(e, file.string());
    }
    const int latest = migrations().back().version;
    if (current < latest) {
        throw core::Error(core::Errc::cannot_write, "cannot read the store", file.string(),
                          "its schema (version " + std::to_string(current) + ") is older than this certctl's (" +
                              std::to_string(latest) + ") and this user may not upgrade it",
                          "run any certctl command that writes as the store's owner once, e.g. `certctl init`");
    }
    if (current > latest) {
        throw core::Error(core::Errc::bad_input, "store is newer than this certctl", file.string(),
                          "schema version " + std::to_string(current), "use a newer certctl");
    }
    return db;
}

// A new store's database: the bytes of an empty one at the latest schema, made at build time
// (schema_image.h), written beside its final name and published in one rename. No SQL runs: parsing and
// executing the schema was two thirds of creating a store. One fsync of the file and one of the directory
// (AtomicFile::commit), and a crash leaves either no database or a whole one, never a part. Another certctl
// that published its own first wins: this one's is dropped and the caller opens theirs.
void create_database(const std::filesystem::path& file) {
    // 0600 from byte one (SQLite gives the -wal and -shm files the database's mode), whatever the umask.
    core::AtomicFile out(file, 0600, core::AtomicFile::Replace::refuse);
    const SchemaImage image = schema_image();
    out.write(image.data, image.size);
    try {
        out.commit();
    } catch (const core::Error& e) {
        std::error_code ec;
        if (e.code() != core::Errc::usage || !std::filesystem::exists(file, ec)) {
            throw;
        }
    }
}
}  // namespace

Database::Database(const std::filesystem::path& file, bool create) : m_file(file) {
    // A user who may read the store but not write it (a monitoring account) gets a read-only connection.
    if (!create && !may_write(file)) {
        m_db = open_read_only(file);
        return;
    }
    try {
        // Only a missing database is created: an existing one is never opened by anything but SQLite here,
        // because closing any descriptor of it drops every POSIX lock this process holds on it, and another
        // connection of ours (watch opens several) would then write unlocked beside other processes and
        // corrupt the file. An existing file at an old version (even empty) migrates step by step below.
        struct stat st {};
        if (create && ::lstat(file.c_str(), &st) != 0 && errno == ENOENT) {
            create_database(file);
        }
        const int flags = SQLite::OPEN_READWRITE | k_one_thread_at_a_time | (create ? SQLite::OPEN_CREATE : 0);
        m_db = std::make_unique<SQLite::Database>(file.string(), flags, k_busy_timeout_ms);
        m_db->exec("PRAGMA journal_mode=WAL");
        // A commit is on disk when it returns (synchronous=FULL syncs the log at each commit). With NORMAL
        // it reached the disk only at a checkpoint: at the close of the last connection for a command, but
        // a power loss could take back what a long-running `serve` or `watch` had committed and answered.
        // The log is kept between processes (PERSIST_WAL) and not checkpointed at every close: deleting it,
        // creating it again and checkpointing cost every writing command four fsyncs (the log's header and
        // directory, the log and the database at close). Now it is one per commit, and the directory's once
        // per process (SQLite syncs it at the first sync of a log it opened). ~Database checkpoints a log
        // grown past k_wal_keep_bytes.
        sqlite3* handle = m_db->getHandle();
        int persist = 1;
        ::sqlite3_file_control(handle, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
        ::sqlite3_db_config(handle, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
        m_db->exec("PRAGMA synchronous=FULL");
        m_db->exec("PRAGMA foreign_keys=ON");
        const int current = schema_version();
        const auto& steps = migrations();
        if (current < steps.back().version) {
            transaction([&] {
                // Re-read inside the write lock: another process may have migrated meanwhile.
                const int now = schema_version();
                for (const Migration& m : steps) {
                    if (m.version > now) {
                        m_db->exec(m.sql);
                        m_db->exec("PRAGMA user_version = " + std::to_string(m.version));
                    }
                }
            });
        } else if (current > steps.back().version) {
            throw core::Error(core::Errc::bad_input, "store is newer than this certctl", file.string(),
                              "schema version " + std::to_string(current), "use a newer certctl");
        }
    } catch (const std::exception& e) {
        rethrow(e, file.string());
    }
}

Database::~Database() {
    if (!m_db || read_only()) {
        return;
    }
    std::error_code ec;
    const std::uintmax_t log_size = std::filesystem::file_size(m_file.string() + "-wal", ec);
    if (ec || log_size <= k_wal_keep_bytes) {
        return;
    }
    m_statements.clear();  // none may hold a read open
    // TRUNCATE copies the log into the database, syncs both and empties the log. Without waiting: when
    // another process reads an older snapshot or writes, the log stays for a later close.
    sqlite3* handle = m_db->getHandle();
    ::sqlite3_busy_timeout(handle, 0);
    ::sqlite3_wal_checkpoint_v2(handle, "main", SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
}

int Database::schema_version() { return m_db->execAndGet("PRAGMA user_version").getInt(); }

bool Database::read_only() { return ::sqlite3_db_readonly(m_db->getHandle(), "main") == 1; }

Database::Cached Database::cached(const std::string& sql) {
    std::unique_ptr<SQLite::Statement>& s = m_statements[sql];
    if (!s) {
        s = std::make_unique<SQLite::Statement>(*m_db, sql);
    }
    return Cached(*s);
}

void Database::each(const std::string& query, const std::function<void(SQLite::Statement&)>& bind,
                    const std::function<void(SQLite::Statement&)>& row) {
    try {
        std::unique_ptr<SQLite::Statement> fresh;
        Cached q(statement_for_select(query, fresh));
        bind(*q);
        while (q->executeStep()) {
            row(*q);
        }
    } catch (const std::exception& e) {
        rethrow(e, m_file.string());
    }
}

SQLite::Statement& Database::statement_for_select(const std::string& sql, std::unique_ptr<SQLite::Statement>& fresh) {
    std::unique_ptr<SQLite::Statement>& s = m_statements[sql];
    if (!s) {
        s = std::make_unique<SQLite::Statement>(*m_db, sql);
    } else if (s->hasRow()) {  // an enclosing select is on a row of it
        fresh = std::make_unique<SQLite::Statement>(*m_db, sql);
        return *fresh;
    }
    return *s;
}

void Database::transaction(const std::function<void()>& body) {
    try {
        m_db->exec("BEGIN IMMEDIATE");
    } catch (const std::exception& e) {
        rethrow(e, m_file.string());
    }
    try {
        body();
        m_db->exec("COMMIT");
    } catch (const std::exception& e) {
        try {
            m_db->exec("ROLLBACK");
        } catch (...) {
        }
        rethrow(e, m_file.string());
    }
}

}  // namespace certctl::storage
