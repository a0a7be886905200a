// cli/locked_pool.cpp — see locked_pool.h.
#include "cli/locked_pool.h"

#include <CLI/CLI.hpp>
#include <cstdlib>

namespace certctl::cli {

void skip_locked_pool() {
    ::setenv("BOTAN_MLOCK_POOL_SIZE", "0", 0);  // 0: no pool; the last argument keeps an operator's value
}

void skip_locked_pool_for(CLI::App& command) {
    command.preparse_callback([](std::size_t) { skip_locked_pool(); });
}

}  // namespace certctl::cli
