// tests/unit/storage/test_schema_snapshot.cpp — a new store (the database image made from the schema snapshot)
// against the migrations replayed.
#include "lib/storage/database.h"
#include "lib/storage/migrations.h"
#include "lib/storage/schema_image.h"
#include "lib/storage/schema_snapshot.h"
#include "tests/unit/test_dir.h"
#include "tests/unit/test_helpers.h"

#include <doctest/doctest.h>
#include <algorithm>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

using namespace certctl;

namespace {
// Every table, index and column as the database records them, in a stable order.
std::string schema_of(storage::Database& db) {
    std::string out;
    SQLite::Statement q(db.sql(), "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name");
    while (q.executeStep()) {
        out += q.getColumn(0).getString() + " " + q.getColumn(1).getString() + " on " + q.getColumn(2).getString() +
               ":\n" + q.getColumn(3).getString() + "\n";
    }
    return out;
}

// A store as the certctl of the first schema version left it: step 1 only, user_version 1.
void write_version_1_store(const std::filesystem::path& file) {
    SQLite::Database db(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("PRAGMA journal_mode=WAL");
    db.exec(storage::migrations().front().sql);
    db.exec("PRAGMA user_version = 1");
}

const std::vector<std::string> k_database_files{"certctl.db", "certctl.db-shm", "certctl.db-wal"};

std::vector<std::string> names_in(const std::filesystem::path& dir) {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}
}  // namespace

TEST_SUITE("storage::schema_snapshot") {
    TEST_CASE("the schema snapshot is exactly what the migrations make") {
        REQUIRE(storage::migrations().front().version == 1);
        const auto old_file = test::case_dir("migrated") / "certctl.db";
        write_version_1_store(old_file);
        storage::Database migrated(old_file, true);  // exists: migrates 2..N step by step
        // New: the image made at build time from the snapshot (schema_image.h).
        storage::Database created(test::case_dir("snapshot") / "certctl.db", true);

        CHECK(storage::schema_snapshot().version == storage::migrations().back().version);
        CHECK(storage::schema_image().version == storage::migrations().back().version);
        CHECK(created.schema_version() == migrated.schema_version());
        CHECK(created.schema_version() == storage::migrations().back().version);
        // The text itself, not only its meaning: SQLite keeps each CREATE as written (an ALTER TABLE ADD COLUMN
        // splices ", column" before the closing parenthesis), and operators and the crash test compare the
        // schema of a migrated store with a new one's as text. On a failure, the migrated schema printed here
        // is what schema_snapshot.cpp must say.
        const std::string want = schema_of(migrated);
        const std::string got = schema_of(created);
        INFO("migrated from version 1:\n" << want);
        CHECK(got == want);
        CHECK(created.sql().execAndGet("PRAGMA journal_mode").getString() == "wal");
        SQLite::Statement fk(created.sql(), "PRAGMA foreign_key_check");
        CHECK_FALSE(fk.executeStep());
    }
    TEST_CASE("a new database appears whole, 0600 whatever the umask, with no temporary left") {
        const auto dir = test::case_dir("whole");
        const mode_t old_umask = ::umask(0);
        { storage::Database db(dir / "certctl.db", true); }
        ::umask(old_umask);
        // The database and SQLite's log and its index, which stay between processes (database.cpp)
        CHECK(names_in(dir) == k_database_files);
        for (const std::string& name : k_database_files) {
            struct stat st {};
            REQUIRE(::stat((dir / name).c_str(), &st) == 0);
            CHECK_MESSAGE((st.st_mode & 0777) == 0600, name);
        }
    }
    TEST_CASE("an existing empty database file is migrated step by step, not replaced") {
        const auto file = test::case_dir("empty") / "certctl.db";
        { std::ofstream touch(file); }
        struct stat before {};
        REQUIRE(::stat(file.c_str(), &before) == 0);
        storage::Database db(file, true);
        CHECK(db.schema_version() == storage::migrations().back().version);
        struct stat after {};
        REQUIRE(::stat(file.c_str(), &after) == 0);
        CHECK(after.st_ino == before.st_ino);
    }
    TEST_CASE("two processes creating the same new database both open the one that won") {
        const auto dir = test::case_dir("race");
        const auto file = dir / "certctl.db";
        CHECK(test::run_in_children(2, [&] {
                  storage::Database db(file, true);
                  db.transaction([&] {
                      db.sql().exec("INSERT INTO counters(name, value) VALUES ('opened', 1) "
                                    "ON CONFLICT(name) DO UPDATE SET value = value + 1");
                  });
              }) == 2);
        {
            storage::Database db(file, false);
            // Both wrote into the same database: the loser's never replaced the winner's.
            CHECK(db.sql().execAndGet("SELECT value FROM counters WHERE name = 'opened'").getInt() == 2);
        }
        CHECK(names_in(dir) == k_database_files);
    }
}
