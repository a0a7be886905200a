// cli/exit_codes.h — the contract's exit codes for the CLI; the table itself is lib/core/exit_codes.h.
#pragma once
#include "lib/core/exit_codes.h"

namespace certctl::cli {

using core::k_exit_ok;
using core::k_exit_no;
using core::k_exit_usage;
using core::k_exit_bad_input;
using core::k_exit_not_found;
using core::k_exit_unavailable;
using core::k_exit_internal;
using core::k_exit_cannot_write;
using core::k_exit_locked;
using core::k_exit_permission;
using core::exit_code_for;

}  // namespace certctl::cli
