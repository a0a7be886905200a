// crl/mapped_file.h — a read-only memory mapping of a whole file, with pages released behind a reader.
#pragma once
#include "crl/der_reader.h"

#include <filesystem>

namespace certctl::crl {

class MappedFile final {
public:
    // Maps `path` read-only. Missing: Error(not_found); unreadable: Error(permission); larger than
    // `max_size`: Error(bad_input). An empty file maps to an empty span.
    MappedFile(const std::filesystem::path& path, const std::string& what, std::uint64_t max_size);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    ByteSpan bytes() const { return ByteSpan{m_data, m_size}; }
    // Drops the mapped pages before `upto` from this process's memory (they stay in the page cache and
    // fault back in if read again): keeps peak RSS flat while a large CRL is walked once.
    void release_before(const std::uint8_t* upto) const;

private:
    const std::uint8_t* m_data = nullptr;
    std::size_t m_size = 0;
};

}  // namespace certctl::crl
