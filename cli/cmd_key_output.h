// cli/cmd_key_output.h — writing a PEM result to --out or stdout (shared by the key, csr, cert and ca groups).
#pragma once
#include "cli/output.h"
#include "lib/core/atomic_file.h"
#include "lib/core/error.h"

#include <iostream>
#include <nlohmann/json.hpp>

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

// An exported PEM: to --out (when given) or stdout; with --json, stdout carries one JSON document instead,
// `doc` plus "pem" (the PEM when not written to a file, else null) and "path" (the --out file, or null).
inline void pem_result(Output& out, nlohmann::json doc, const std::string& pem, const std::string& path) {
    if (!path.empty()) {
        write_output_file(path, pem);
    }
    if (out.json()) {
        doc["pem"] = path.empty() ? nlohmann::json(pem) : nlohmann::json(nullptr);
        doc["path"] = path.empty() ? nlohmann::json(nullptr) : nlohmann::json(path);
        out.result(doc, [](TextOut&) {});
    } else if (path.empty()) {
        std::cout << pem << std::flush;
    }
}

}  // namespace certctl::cli
