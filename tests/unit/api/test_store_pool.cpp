// tests/unit/api/test_store_pool.cpp — group commit: a request that committed syncs the log before it is
// answered, one that only read does not; callers that arrive during an fsync share the next; a failed fsync
// stays failed.
#include "api/log_sync.h"
#include "api/store_pool.h"
#include "lib/audit/counters.h"
#include "lib/core/error.h"
#include "tests/unit/test_dir.h"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <future>
#include <thread>
#include <vector>

#include <unistd.h>

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
    TEST_CASE("callers that arrive during an fsync share the next one") {
        const auto dir = test::case_dir("log-sync-share");
        std::ofstream(dir / "certctl.db-wal") << "frames";
        // The first fsync is held until every other caller has arrived, so the overlap is certain.
        std::promise<void> first_started;
        std::promise<void> release_first;
        std::shared_future<void> released = release_first.get_future().share();
        std::atomic<int> fsyncs{0};
        api::LogSync sync(dir / "certctl.db-wal", dir, [&](int fd) {
            if (++fsyncs == 1) {
                first_started.set_value();
                released.wait();
            }
            return ::fsync(fd);
        });
        std::vector<std::thread> threads;
        threads.emplace_back([&sync] { sync.sync(); });
        first_started.get_future().wait();
        constexpr int k_waiters = 7;
        for (int t = 0; t < k_waiters; ++t) {
            threads.emplace_back([&sync] { sync.sync(); });
        }
        while (sync.calls() < 1 + k_waiters) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        CHECK(sync.syncs() == 0);  // nobody returned: the first is held, the others wait for it
        release_first.set_value();
        for (std::thread& t : threads) {
            t.join();
        }
        // One fsync for the first caller, one shared by the seven that committed while it ran.
        CHECK(sync.syncs() == 2);
        CHECK(fsyncs == 2);
    }
    TEST_CASE("many callers at once all return, with no more fsyncs than calls") {
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
        CHECK(sync.calls() == k_threads * k_calls);
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
