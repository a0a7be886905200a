// lib/ca/parallel.h — the one way certctl runs work on other threads: parallel_for runs body(0..n-1) on a
// few threads (the error of the lowest index wins, so a batch fails with the same message whichever thread
// met it first); SecondThread runs one task beside the caller and hands its exception back at join().
#pragma once
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace certctl::ca {

// `per_thread`: how many items make another thread worth starting (16 for small items like one certificate;
// 1 when each item is a large slice of work).
template <class Body>
void parallel_for(std::size_t n, Body body, std::size_t per_thread = 16) {
    const std::size_t hw = std::max<std::size_t>(1, std::thread::hardware_concurrency());
    per_thread = std::max<std::size_t>(1, per_thread);
    const std::size_t threads = std::min<std::size_t>({hw, 8, (n + per_thread - 1) / per_thread});
    std::atomic<std::size_t> next{0};
    std::mutex error_mutex;
    std::size_t error_index = n;
    std::exception_ptr error;
    const auto work = [&] {
        for (std::size_t i = next++; i < n; i = next++) {
            try {
                body(i);
            } catch (...) {
                const std::lock_guard<std::mutex> lock(error_mutex);
                if (i < error_index) {
                    error_index = i;
                    error = std::current_exception();
                }
            }
        }
    };
    if (threads <= 1) {
        work();
    } else {
        std::vector<std::thread> pool;
        for (std::size_t t = 1; t < threads; ++t) {
            pool.emplace_back(work);
        }
        work();
        for (std::thread& t : pool) {
            t.join();
        }
    }
    if (error) {
        std::rethrow_exception(error);
    }
}

// Runs `task` on a second thread while the caller does its own share. join() waits and rethrows what the task
// threw. If the caller unwinds first, the destructor waits for the task and drops its error: the caller's
// exception is the one that explains the failure.
class SecondThread final {
public:
    template <class Task>
    explicit SecondThread(Task task)
        : m_thread([this, task = std::move(task)]() mutable {
              try {
                  task();
              } catch (...) {
                  m_error = std::current_exception();
              }
          }) {}
    ~SecondThread() {
        if (m_thread.joinable()) {
            m_thread.join();
        }
    }
    SecondThread(const SecondThread&) = delete;
    SecondThread& operator=(const SecondThread&) = delete;

    void join() {
        m_thread.join();
        if (m_error) {
            std::rethrow_exception(m_error);
        }
    }

private:
    std::exception_ptr m_error;  // before m_thread: it exists when the task starts
    std::thread m_thread;
};

}  // namespace certctl::ca
