// lib/core/durable_write.h — the primitives every durable writer shares (AtomicFile, ca::StreamingFile,
// ca::BatchFiles, the CRL cache copy): a temporary in the target's directory, complete writes, write-back
// started early, fsync, rename, fsync of the directory. Each writer composes them in its own order.
#pragma once
#include "lib/core/error.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <set>
#include <string>

namespace certctl::core {

// EACCES/EPERM are the operator's permissions; anything else is a write that failed.
Errc write_errc(int err);

// Error(write_errc(err)) "cannot write file" on `target`, strerror(err) as the reason.
[[noreturn]] void throw_write_error(const std::filesystem::path& target, int err, const std::string& hint = {});

// ".tmp." and ten random letters and digits: appended to a target (or a directory) for its temporary.
std::string temp_suffix();

// Removes the temporaries `NAME.tmp.<pid>.<random>` in `dir` (files, or staging directories with what they
// hold) of the target names in `names` whose writer process is gone: a writer killed mid-write (kill -9, a
// crash) leaves them, the next writer of the same target sweeps them. Those of a live process are left
// alone. A process lists each directory once (at its first call for it) and sweeps later targets from that
// list, so writing many files into a big directory costs no listing per file. Best effort, never throws: a
// leftover that cannot be removed is only space. Thread-safe.
void remove_stale_temporaries(const std::filesystem::path& dir, const std::set<std::string>& names);

// Opens a new temporary `target` + temp_suffix() with O_CREAT|O_EXCL and `mode` from byte one (umask can only
// narrow it), trying another name if one exists, after sweeping the stale temporaries of `target`. Returns the
// descriptor; throws Error(cannot_write/permission).
int create_temp_next_to(const std::filesystem::path& target, unsigned mode, std::filesystem::path& temp);

// write(2) until all of `size` is written (EINTR retried). False with errno set on failure.
bool write_all(int fd, const void* data, std::size_t size);
// The same at `offset` (pwrite), retried the same way; the file offset does not move.
bool pwrite_all(int fd, const void* data, std::size_t size, std::uint64_t offset);

// Starts writing [offset, offset + length) to disk without waiting (sync_file_range; length 0: to the end).
// A hint: errors surface at the fsync.
void start_writeback(int fd, std::uint64_t offset = 0, std::uint64_t length = 0);

// fsync of a directory so that a rename in it survives a crash; "" means ".". Best effort, as a failure here
// cannot be undone any more.
void sync_directory(const std::filesystem::path& dir);

}  // namespace certctl::core
