// crl/mapped_progress.h — where the walk of a mapped CRL and the hash of its signature are, the pages both have
// passed dropped from memory, and the walk held back when it leads the hash by more than a window.
#pragma once
#include "crl/mapped_file.h"

#include <condition_variable>
#include <cstddef>
#include <mutex>

namespace certctl::crl {

// Why the walk waits: the two threads share the cores with the kernel's copy of the file, and a hash left
// unscheduled for a while kept up to the whole CRL mapped behind the walk (peak RSS of a 10M-entry import
// 0.7x to 1.7x its DER, round by round, under chrt -f 50). With the wait the peak is the entry table plus
// the window, whoever runs.
class MappedProgress final {
public:
    static constexpr std::size_t k_default_window = 32u << 20;

    // `map` null: the CRL is not mapped (PEM, decoded into memory of its own): nothing to drop, no wait.
    MappedProgress(const MappedFile* map, ByteSpan der, std::size_t window = k_default_window);

    void hashed(const std::uint8_t* p);
    // The hash is done, failed or never started: the walk need not wait any more.
    void hash_over();
    // Returns once the hash is no more than the window behind `p`.
    void walked(const std::uint8_t* p);

private:
    void release() const;

    const MappedFile* const m_map;
    const std::uint8_t* const m_end;
    const std::size_t m_window;
    std::mutex m_mutex;
    std::condition_variable m_caught_up;
    const std::uint8_t* m_hashed;
    const std::uint8_t* m_walked;
};

}  // namespace certctl::crl
