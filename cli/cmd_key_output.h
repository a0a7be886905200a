// cli/cmd_key_output.h — writing a result to --out (shared by the key and csr groups).
#pragma once
#include "lib/core/atomic_file.h"
#include "lib/core/error.h"

#include <string>

namespace certctl::cli {

// Writes `data` to `path` atomically (0644). The contract gives every failure to write an output path
// exit 73, including "permission denied" (77 is kept for the store and its keys).
inline void write_output_file(const std::string& path, const std::string& data) {
    try {
        core::write_file_atomic(path, data, 0644);
    } catch (const core::Error& e) {
        if (e.code() == core::Errc::permission) {
            throw core::Error(core::Errc::cannot_write, e.action(), e.subject(), e.why(),
                              "choose an output path you can write");
        }
        throw;
    }
}

}  // namespace certctl::cli
