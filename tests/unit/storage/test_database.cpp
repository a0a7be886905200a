// tests/unit/storage/test_database.cpp — migrations, WAL, transactions that roll back, concurrent writers.
#include "lib/core/error.h"
#include "lib/storage/database.h"
#include "lib/storage/migrations.h"
#include "tests/unit/test_dir.h"
#include "tests/unit/test_helpers.h"

#include <doctest/doctest.h>

using namespace certctl;

TEST_SUITE("storage::Database") {
    TEST_CASE("a new database is migrated to the last step and uses WAL") {
        const auto file = test::case_dir("new") / "certctl.db";
        storage::Database db(file, true);
        CHECK(db.schema_version() == storage::migrations().back().version);
        CHECK(db.sql().execAndGet("PRAGMA journal_mode").getString() == "wal");
    }
    TEST_CASE("a cached statement is prepared once and comes back reset, its read closed") {
        const auto file = test::case_dir("cached") / "certctl.db";
        storage::Database db(file, true);
        db.sql().exec("INSERT INTO counters(name, value) VALUES ('a', 1), ('b', 2)");
        const SQLite::Statement* first = nullptr;
        {
            storage::Database::Cached q = db.cached("SELECT value FROM counters WHERE name = ?");
            q->bind(1, "a");
            REQUIRE(q->executeStep());
            CHECK(q->getColumn(0).getInt() == 1);
            first = &*q;
        }  // left mid-result: the handle resets it
        storage::Database::Cached q = db.cached("SELECT value FROM counters WHERE name = ?");
        CHECK(&*q == first);
        q->bind(1, "b");
        REQUIRE(q->executeStep());
        CHECK(q->getColumn(0).getInt() == 2);
    }
    TEST_CASE("select reuses its statement, and a select of the same text nested in a row gets its own") {
        const auto file = test::case_dir("select") / "certctl.db";
        storage::Database db(file, true);
        db.sql().exec("INSERT INTO counters(name, value) VALUES ('a', 1), ('b', 2)");
        const std::string sql = "SELECT name, value FROM counters WHERE value >= :min ORDER BY value";
        const auto bind_min = [](int min) { return [min](SQLite::Statement& q) { q.bind(":min", min); }; };
        const auto values = [&](int min) {
            return db.select<int>(sql, bind_min(min), [](SQLite::Statement& q) { return q.getColumn("value").getInt(); });
        };
        CHECK(values(1) == std::vector<int>{1, 2});
        CHECK(values(2) == std::vector<int>{2});  // the reused statement was reset and bound anew
        // Each outer row asks the same query again: the inner one must not reset the outer's statement.
        const auto pairs = db.select<std::string>(sql, bind_min(1), [&](SQLite::Statement& q) {
            const std::string name = q.getColumn("name").getString();
            return name + ":" + std::to_string(values(2).size());
        });
        CHECK(pairs == std::vector<std::string>{"a:1", "b:1"});
        CHECK(values(1) == std::vector<int>{1, 2});
    }
    TEST_CASE("migration steps are numbered 1..N without gaps") {
        int expected = 1;
        for (const auto& m : storage::migrations()) {
            CHECK(m.version == expected++);
        }
    }
    TEST_CASE("a transaction that throws leaves nothing behind") {
        const auto file = test::case_dir("rollback") / "certctl.db";
        storage::Database db(file, true);
        CHECK_THROWS(db.transaction([&] {
            db.sql().exec("INSERT INTO counters(name, value) VALUES ('csr_success', 1)");
            throw core::Error(core::Errc::bad_input, "test", "", "");
        }));
        CHECK(db.sql().execAndGet("SELECT count(*) FROM counters").getInt() == 0);
    }
    TEST_CASE("two processes writing at once lose nothing") {
        const auto file = test::case_dir("concurrent") / "certctl.db";
        { storage::Database db(file, true); }
        const int per_process = 200;
        CHECK(test::run_in_children(2, [&] {
                  storage::Database db(file, false);
                  for (int i = 0; i < per_process; ++i) {
                      db.transaction([&] {
                          db.sql().exec("INSERT INTO counters(name, value) VALUES ('csr_success', 1) "
                                        "ON CONFLICT(name) DO UPDATE SET value = value + 1");
                      });
                  }
              }) == 2);
        storage::Database db(file, false);
        CHECK(db.sql().execAndGet("SELECT value FROM counters WHERE name='csr_success'").getInt() == 2 * per_process);
    }
    TEST_CASE("commits are synced, a small log stays for the next process and a large one is checkpointed") {
        const auto file = test::case_dir("wal") / "certctl.db";
        const std::filesystem::path log = file.string() + "-wal";
        {
            storage::Database db(file, true);
            CHECK(db.sql().execAndGet("PRAGMA synchronous").getInt() == 2);  // FULL
            db.sql().exec("INSERT INTO counters(name, value) VALUES ('a', 1)");
        }
        REQUIRE(std::filesystem::exists(log));
        CHECK(std::filesystem::file_size(log) > 0);  // not checkpointed at close
        CHECK(storage::Database(file, false).sql().execAndGet("SELECT value FROM counters").getInt() == 1);
        {
            storage::Database db(file, false);
            db.transaction([&] {
                db.sql().exec("CREATE TABLE filler(x TEXT)");
                for (int i = 0; i < 400; ++i) {  // about 400 KB of pages: over what a close leaves
                    db.sql().exec("INSERT INTO filler VALUES ('" + std::string(1000, 'x') + "')");
                }
            });
            CHECK(std::filesystem::file_size(log) > (256u << 10));
        }
        CHECK(std::filesystem::file_size(log) == 0);  // checkpointed into the database and emptied
        CHECK(storage::Database(file, false).sql().execAndGet("SELECT count(*) FROM filler").getInt() == 400);
    }
    TEST_CASE("opening without create on a missing file fails with a store error") {
        const auto dir = test::case_dir("missing");
        CHECK_THROWS_AS(storage::Database(dir / "none.db", false), core::Error);
    }
}
