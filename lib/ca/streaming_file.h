// lib/ca/streaming_file.h — a large output (a CRL of tens of MB) written atomically like core::AtomicFile,
// but with writeback started while it is still being produced, so the final fsync has little left to wait for.
#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>

namespace certctl::ca {

class StreamingFile final {
public:
    // A temporary next to `target`, O_EXCL, `mode`. Throws Error(cannot_write / permission).
    StreamingFile(std::filesystem::path target, unsigned mode);
    ~StreamingFile();  // never commits: the temporary goes, an old target stays
    StreamingFile(const StreamingFile&) = delete;
    StreamingFile& operator=(const StreamingFile&) = delete;

    void write(const std::uint8_t* data, std::size_t size);
    // fdatasync, rename over the target, fsync the directory.
    void commit();

private:
    void flush();
    std::filesystem::path m_target;
    std::filesystem::path m_temp;
    int m_fd = -1;
    bool m_committed = false;
    std::uint64_t m_written = 0;
    std::uint64_t m_synced = 0;
    unsigned char m_buf[1 << 16];
    std::size_t m_used = 0;
};

}  // namespace certctl::ca
