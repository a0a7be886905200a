// crl/mapped_file.cpp — mmap(2) with errors that name the file.
#include "crl/mapped_file.h"

#include "lib/core/error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace certctl::crl {

MappedFile::MappedFile(const std::filesystem::path& path, const std::string& what, std::uint64_t max_size) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        const int err = errno;
        throw core::Error(err == ENOENT ? core::Errc::not_found
                                        : (err == EACCES ? core::Errc::permission : core::Errc::bad_input),
                          "cannot read " + what, path.string(), std::strerror(err));
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throw core::Error(core::Errc::bad_input, "cannot read " + what, path.string(), "not a regular file");
    }
    if (static_cast<std::uint64_t>(st.st_size) > max_size) {
        ::close(fd);
        throw core::Error(core::Errc::bad_input, "cannot read " + what, path.string(),
                          "larger than the limit of " + std::to_string(max_size) + " bytes",
                          "raise crl.max_size if this file is genuine");
    }
    m_size = static_cast<std::size_t>(st.st_size);
    if (m_size > 0) {
        void* p = ::mmap(nullptr, m_size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            const int err = errno;
            ::close(fd);
            throw core::Error(core::Errc::bad_input, "cannot map " + what, path.string(), std::strerror(err));
        }
        m_data = static_cast<const std::uint8_t*>(p);
        ::madvise(p, m_size, MADV_SEQUENTIAL);
    }
    ::close(fd);
}

MappedFile::~MappedFile() {
    if (m_data != nullptr) {
        ::munmap(const_cast<std::uint8_t*>(m_data), m_size);
    }
}

void MappedFile::release_before(const std::uint8_t* upto) const {
    if (m_data == nullptr || upto <= m_data) {
        return;
    }
    const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    std::size_t len = static_cast<std::size_t>(upto - m_data);
    len = std::min(len, m_size) / page * page;
    if (len > 0) {
        ::madvise(const_cast<std::uint8_t*>(m_data), len, MADV_DONTNEED);
    }
}

}  // namespace certctl::crl
