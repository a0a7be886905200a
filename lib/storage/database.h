// lib/storage/database.h — the store's SQLite database: WAL, busy timeout, migrations on open.
#pragma once
#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace certctl::storage {

// One thread at a time per Database (its connection is opened in SQLite's multi-thread mode, and its
// statement cache is not locked); threads that share one must take turns under their own lock.
class Database final {
public:
    // Opens (creating if `create`) and migrates. SQLite errors become core::Error: busy/locked ->
    // Errc::locked (75), read-only -> Errc::cannot_write (73), permission -> Errc::permission (77).
    Database(const std::filesystem::path& file, bool create);
    // Checkpoints the write-ahead log into the database when it has grown past a few hundred pages (see
    // the constructor); a small log stays for the next process.
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    SQLite::Database& sql() { return *m_db; }
    int schema_version();
    // Whether this connection may only read (a monitoring account's, on a store it cannot write).
    bool read_only();

    // Runs `body` inside BEGIN IMMEDIATE ... COMMIT (rolled back if it throws). IMMEDIATE takes the write
    // lock up front, so two processes queue on the busy timeout instead of deadlocking on an upgrade.
    // SQLite exceptions thrown by `body` are translated as above.
    void transaction(const std::function<void()>& body);

    // A statement prepared once per connection and reused: bulk work (a thousand issued certificates,
    // each with an inventory row and an audit event) would otherwise spend more time compiling SQL than
    // running it. The handle resets the statement and clears its bindings when it goes out of scope, so
    // no read stays open. Not re-entrant: one handle per SQL text at a time.
    class Cached final {
    public:
        explicit Cached(SQLite::Statement& s) : m_s(s) {}
        ~Cached() {
            try {
                m_s.reset();
            } catch (...) {  // the error was already reported by the step that failed
            }
            m_s.clearBindings();
        }
        Cached(const Cached&) = delete;
        Cached& operator=(const Cached&) = delete;
        SQLite::Statement& operator*() { return m_s; }
        SQLite::Statement* operator->() { return &m_s; }

    private:
        SQLite::Statement& m_s;
    };
    Cached cached(const std::string& sql);
    // Translates a SQLite exception to core::Error (rethrows core::Error unchanged).
    [[noreturn]] static void rethrow(const std::exception& e, const std::string& subject);

    // Runs `query` (with `bind` applied) and maps every row through `row`; SQLite errors translated as above.
    // The one loop behind each store's find() and list(). The statement is prepared once per connection
    // (`certctl serve` answers the same few queries thousands of times a second, and compiling them was a
    // tenth of a read request); a select nested in another's `row` with the same text gets a fresh one.
    template <class Row>
    std::vector<Row> select(const std::string& query, const std::function<void(SQLite::Statement&)>& bind,
                            const std::function<Row(SQLite::Statement&)>& row) {
        std::vector<Row> out;
        each(query, bind, [&out, &row](SQLite::Statement& q) { out.push_back(row(q)); });
        return out;
    }
    // select() without the vector: `row` is called on each row, so a large read goes straight into the
    // caller's own structure (a map by name, a reserved vector) instead of through a copy of every row.
    void each(const std::string& query, const std::function<void(SQLite::Statement&)>& bind,
              const std::function<void(SQLite::Statement&)>& row);

private:
    // The cached statement for `sql`, or a new one in `fresh` when the cached one is being stepped.
    SQLite::Statement& statement_for_select(const std::string& sql, std::unique_ptr<SQLite::Statement>& fresh);

    std::unique_ptr<SQLite::Database> m_db;
    std::filesystem::path m_file;
    // After m_db: statements are finalized before the connection closes.
    std::map<std::string, std::unique_ptr<SQLite::Statement>> m_statements;
};

}  // namespace certctl::storage
