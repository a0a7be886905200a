// tests/unit/api/test_store_pool.cpp — group commit: a request that committed syncs the log before it is
// answered, one that only read does not; concurrent callers share fsyncs; a failed fsync stays failed.
#include "api/log_sync.h"
#include "api/store_pool.h"
#include "lib/audit/counters.h"
#include "lib/core/error.h"
#include "tests/unit/test_dir.h"

#include <doctest/doctest.h>

#include <fstream>
#include <thread>
#include <vector>

using namespace certctl;

TEST_SUITE("api::StorePool") {
    TEST_CASE("a lease that committed is synced once; one that only read is not") {
        const auto dir = test::case_dir("pool-sync");
        const core::StorePaths paths(dir / "store");
        storage::Store::open(paths, storage::Store::Access::write, core::Config());  // creates the store
        api::StorePool pool(paths, core::Config(), core::Seconds(5));
        {
            auto store = pool.lease();
            // The lent connection leaves the log's sync to make_commits_durable.
            CHECK(store->db().sql().execAndGet("PRAGMA synchronous").getInt() == 1);
            (void)audit::Counters(store->db()).all();
        }
        pool.make_commits_durable();
        CHECK(pool.log_syncs() == 0);
        {
            auto store = pool.lease();
            store->db().transaction([&] { audit::Counters(store->db()).increment("csr_success"); });
        }
        pool.make_commits_durable();
        CHECK(pool.log_syncs() == 1);
        pool.make_commits_durable();  // nothing new committed by this thread
        CHECK(pool.log_syncs() == 1);
        {
            auto store = pool.lease();
            CHECK(audit::Counters(store->db()).all().at("csr_success") == 1);
        }
    }
    TEST_CASE("callers at the same time all return, sharing fsyncs") {
        const auto dir = test::case_dir("log-sync-threads");
        std::ofstream(dir / "certctl.db-wal") << "frames";
        api::LogSync sync(dir / "certctl.db-wal", dir);
        constexpr int k_threads = 8;
        constexpr int k_calls = 50;
        std::vector<std::thread> threads;
        for (int t = 0; t < k_threads; ++t) {
            threads.emplace_back([&sync] {
                for (int i = 0; i < k_calls; ++i) {
                    sync.sync();
                }
            });
        }
        for (std::thread& t : threads) {
            t.join();
        }
        CHECK(sync.syncs() >= 1);
        CHECK(sync.syncs() <= k_threads * k_calls);
    }
    TEST_CASE("a log that cannot be synced fails every later sync too, naming the log") {
        const auto dir = test::case_dir("log-sync-fails");
        std::ofstream(dir / "file") << "not a directory";
        api::LogSync sync(dir / "file" / "certctl.db-wal", dir);
        for (int i = 0; i < 2; ++i) {
            try {
                sync.sync();
                FAIL("sync() returned");
            } catch (const core::Error& e) {
                CHECK(e.code() == core::Errc::cannot_write);
                CHECK(std::string(e.what()).find("certctl.db-wal") != std::string::npos);
            }
        }
        CHECK(sync.syncs() == 0);
    }
    TEST_CASE("no log at all: nothing to sync, no error") {
        const auto dir = test::case_dir("log-sync-none");
        api::LogSync sync(dir / "certctl.db-wal", dir);
        CHECK_NOTHROW(sync.sync());
    }
}
