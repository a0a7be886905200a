// crl/mapped_progress.cpp — the walk and the hash of one mapped CRL, kept within a window of each other.
#include "crl/mapped_progress.h"

#include <algorithm>

namespace certctl::crl {

MappedProgress::MappedProgress(const MappedFile* map, ByteSpan der, std::size_t window)
    : m_map(map), m_end(der.data + der.size), m_window(window), m_hashed(der.data), m_walked(der.data) {}

void MappedProgress::hashed(const std::uint8_t* p) {
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        m_hashed = p;
        release();
    }
    m_caught_up.notify_one();
}

void MappedProgress::hash_over() {
    hashed(m_end);
}

void MappedProgress::walked(const std::uint8_t* p) {
    std::unique_lock<std::mutex> lock(m_mutex);
    m_walked = p;
    release();
    if (m_map != nullptr) {
        m_caught_up.wait(lock, [&] { return m_walked <= m_hashed || std::size_t(m_walked - m_hashed) <= m_window; });
    }
}

void MappedProgress::release() const {
    if (m_map != nullptr) {
        m_map->release_before(std::min(m_hashed, m_walked));
    }
}

}  // namespace certctl::crl
