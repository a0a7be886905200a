// tests/unit/ca/test_parallel.cpp — the thread helpers: results, and which error a caller sees.
#include "lib/ca/parallel.h"

#include <algorithm>
#include <chrono>
#include <doctest/doctest.h>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace certctl;

TEST_SUITE("ca::SecondThread") {
    TEST_CASE("the task runs on another thread and its result is there after join") {
        const std::thread::id caller = std::this_thread::get_id();
        std::thread::id ran_on;
        int result = 0;
        ca::SecondThread second([&] {
            ran_on = std::this_thread::get_id();
            result = 42;
        });
        second.join();
        CHECK(result == 42);
        const bool on_another_thread = ran_on != caller;  // thread ids do not print in doctest
        CHECK(on_another_thread);
    }
    TEST_CASE("join rethrows the task's exception") {
        ca::SecondThread second([] { throw std::runtime_error("task failed"); });
        CHECK_THROWS_WITH_AS(second.join(), "task failed", std::runtime_error);
    }
    TEST_CASE("when the caller throws first, its exception is the one seen and the task has finished") {
        bool finished = false;
        try {
            ca::SecondThread second([&] {
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
                finished = true;
                throw std::runtime_error("task failed");
            });
            throw std::logic_error("caller failed");
        } catch (const std::logic_error& e) {
            CHECK(std::string(e.what()) == "caller failed");
        }
        CHECK(finished);
    }
}

TEST_SUITE("ca::parallel_for") {
    TEST_CASE("every index once; the lowest failing index wins") {
        std::vector<int> hits(1000, 0);
        ca::parallel_for(hits.size(), [&](std::size_t i) { ++hits[i]; });
        CHECK(std::count(hits.begin(), hits.end(), 1) == 1000);
        CHECK_THROWS_WITH(ca::parallel_for(1000,
                                           [](std::size_t i) {
                                               if (i % 100 == 7) {
                                                   throw std::runtime_error("index " + std::to_string(i));
                                               }
                                           }),
                          "index 7");
    }
}
