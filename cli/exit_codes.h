// cli/exit_codes.h — the contract's exit codes, and the one table mapping error categories to them. Only
// the front ends know them: certctl and certctl-serve (api/serve_main.cpp includes this header, and only this
// one, from cli/); library code throws core::Error and returns values.
#pragma once
#include "lib/core/error.h"

namespace certctl::cli {

inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_no = 1;  // a question answered "no" (cert verify: not valid; crl lookup: revoked)
inline constexpr int k_exit_usage = 64;
inline constexpr int k_exit_bad_input = 65;
inline constexpr int k_exit_not_found = 66;
inline constexpr int k_exit_unavailable = 69;
inline constexpr int k_exit_internal = 70;
inline constexpr int k_exit_cannot_write = 73;
inline constexpr int k_exit_locked = 75;
inline constexpr int k_exit_permission = 77;

inline int exit_code_for(core::Errc code) {
    switch (code) {
        case core::Errc::usage:
            return k_exit_usage;
        case core::Errc::bad_input:
            return k_exit_bad_input;
        case core::Errc::not_found:
            return k_exit_not_found;
        case core::Errc::unavailable:
            return k_exit_unavailable;
        case core::Errc::internal:
            return k_exit_internal;
        case core::Errc::cannot_write:
            return k_exit_cannot_write;
        case core::Errc::locked:
            return k_exit_locked;
        case core::Errc::permission:
            return k_exit_permission;
    }
    return k_exit_internal;
}

}  // namespace certctl::cli
