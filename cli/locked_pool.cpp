// cli/locked_pool.cpp — see locked_pool.h.
#include "cli/locked_pool.h"

#include <cstdlib>

namespace certctl::cli {

void skip_locked_pool() {
    ::setenv("BOTAN_MLOCK_POOL_SIZE", "0", 0);  // 0: no pool; the last argument keeps an operator's value
}

}  // namespace certctl::cli
