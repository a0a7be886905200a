// lib/storage/database.cpp — opening, migrating and translating SQLite errors.
#include "lib/storage/database.h"

#include "lib/core/error.h"
#include "lib/storage/migrations.h"

#include <SQLiteCpp/Exception.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

namespace certctl::storage {

namespace {
constexpr int k_busy_timeout_ms = 10000;
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

Database::Database(const std::filesystem::path& file, bool create) : m_file(file) {
    try {
        if (create) {
            // Created by us at 0600 before SQLite sees it (its -wal and -shm files copy this mode), so
            // the database is never group- or world-accessible, whatever the umask.
            const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
            if (fd >= 0) {
                ::close(fd);
            }
        }
        const int flags = SQLite::OPEN_READWRITE | (create ? SQLite::OPEN_CREATE : 0);
        m_db = std::make_unique<SQLite::Database>(file.string(), flags, k_busy_timeout_ms);
        m_db->exec("PRAGMA journal_mode=WAL");
        m_db->exec("PRAGMA synchronous=NORMAL");
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

int Database::schema_version() { return m_db->execAndGet("PRAGMA user_version").getInt(); }

Database::Cached Database::cached(const std::string& sql) {
    std::unique_ptr<SQLite::Statement>& s = m_statements[sql];
    if (!s) {
        s = std::make_unique<SQLite::Statement>(*m_db, sql);
    }
    return Cached(*s);
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
