// lib/certs/lifecycle_store.cpp — rows of certificate_hooks, deploy_targets and certificate_changes.
#include "lib/certs/lifecycle_store.h"

#include "lib/storage/row.h"

#include <SQLiteCpp/Statement.h>

namespace certctl::certs {

namespace {
// Runs one statement with text parameters (an empty optional binds NULL); SQLite errors translated. Cached:
// a batch renewal records a change for each of thousands of certificates.
void exec(storage::Database& db, const std::string& sql, const std::vector<std::optional<std::string>>& values,
          const std::string& subject) {
    try {
        storage::Database::Cached q = db.cached(sql);
        int i = 1;
        for (const auto& v : values) {
            storage::bind_optional(*q, i++, v);
        }
        q->exec();
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, subject);
    }
}
}  // namespace

void LifecycleStore::set_hook(const std::string& name, const std::string& command, const std::string& now) {
    if (command.empty()) {
        exec(m_db, "DELETE FROM certificate_hooks WHERE name = ?", {name}, "certificate hooks");
        return;
    }
    exec(m_db, "INSERT OR REPLACE INTO certificate_hooks(name, on_change, created) VALUES (?, ?, ?)",
         {name, command, now}, "certificate hooks");
}

std::optional<std::string> LifecycleStore::hook(const std::string& name) {
    const auto rows = m_db.select<std::string>(
        "SELECT on_change FROM certificate_hooks WHERE name = ?", [&](SQLite::Statement& q) { q.bind(1, name); },
        [](SQLite::Statement& q) { return q.getColumn("on_change").getString(); });
    if (rows.empty()) {
        return std::nullopt;
    }
    return rows.front();
}

void LifecycleStore::add_target(const DeployTarget& t) {
    try {
        SQLite::Statement q(m_db.sql(),
                            "INSERT OR REPLACE INTO deploy_targets(name, dir, with_key, owner, mode, created)"
                            " VALUES (?, ?, ?, ?, ?, ?)");
        q.bind(1, t.name);
        q.bind(2, t.dir);
        q.bind(3, t.with_key ? 1 : 0);
        storage::bind_text(q, 4, t.owner);
        if (t.mode) {
            q.bind(5, static_cast<int>(*t.mode));
        } else {
            q.bind(5);
        }
        q.bind(6, t.created);
        q.exec();
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, "deploy targets");
    }
}

std::vector<DeployTarget> LifecycleStore::targets(const std::string& name) {
    return m_db.select<DeployTarget>(
        "SELECT name, dir, with_key, ifnull(owner, '') AS owner, mode, created FROM deploy_targets WHERE name = ? "
        "ORDER BY dir",
        [&](SQLite::Statement& q) { q.bind(1, name); },
        [](SQLite::Statement& q) {
            DeployTarget t;
            t.name = q.getColumn("name").getString();
            t.dir = q.getColumn("dir").getString();
            t.with_key = q.getColumn("with_key").getInt() != 0;
            t.owner = q.getColumn("owner").getString();
            if (!q.getColumn("mode").isNull()) {
                t.mode = static_cast<unsigned>(q.getColumn("mode").getInt());
            }
            t.created = q.getColumn("created").getString();
            return t;
        });
}

bool LifecycleStore::remove_target(const std::string& name, const std::string& dir) {
    try {
        SQLite::Statement q(m_db.sql(), "DELETE FROM deploy_targets WHERE name = ? AND dir = ?");
        q.bind(1, name);
        q.bind(2, dir);
        return q.exec() > 0;
    } catch (const std::exception& e) {
        storage::Database::rethrow(e, "deploy targets");
    }
}

void LifecycleStore::record_change(const std::string& name, const std::string& event, const std::string& fingerprint,
                                   const std::string& now) {
    exec(m_db,
         "INSERT OR REPLACE INTO certificate_changes(name, event, fingerprint, changed, attempts) VALUES (?, ?, ?, ?, "
         "0)",
         {name, event, fingerprint, now}, "certificate changes");
}

std::vector<PendingChange> LifecycleStore::pending(const std::optional<std::string>& name) {
    return m_db.select<PendingChange>(
        std::string("SELECT name, event, fingerprint, changed, attempts, ifnull(last_try, '') AS last_try,"
                    " ifnull(last_error, '') AS last_error FROM certificate_changes") +
            (name ? " WHERE name = ?" : "") + " ORDER BY changed, name",
        [&](SQLite::Statement& q) {
            if (name) {
                q.bind(1, *name);
            }
        },
        [](SQLite::Statement& q) {
            return PendingChange{q.getColumn("name").getString(),    q.getColumn("event").getString(),
                                 q.getColumn("fingerprint").getString(), q.getColumn("changed").getString(),
                                 q.getColumn("attempts").getInt(),     q.getColumn("last_try").getString(),
                                 q.getColumn("last_error").getString()};
        });
}

void LifecycleStore::done(const std::string& name, const std::string& fingerprint) {
    exec(m_db, "DELETE FROM certificate_changes WHERE name = ? AND fingerprint = ?", {name, fingerprint},
         "certificate changes");
}

void LifecycleStore::failed(const std::string& name, const std::string& when, const std::string& error) {
    exec(m_db, "UPDATE certificate_changes SET attempts = attempts + 1, last_try = ?, last_error = ? WHERE name = ?",
         {when, error, name}, "certificate changes");
}

void LifecycleStore::forget(const std::string& name) {
    for (const char* table : {"certificate_hooks", "deploy_targets", "certificate_changes", "renewal_retries"}) {
        exec(m_db, std::string("DELETE FROM ") + table + " WHERE name = ?", {name}, table);
    }
}

}  // namespace certctl::certs
