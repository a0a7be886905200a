// cli/locked_pool.h — turning Botan's locked memory pool off for a command that pays more for it than it gains.
#pragma once

namespace certctl::cli {

// Botan keeps secure memory in one mlock()ed pool (at most 512 KiB, then the ordinary heap) behind one mutex,
// set up at its first use with about a thousand system calls. A command that works on several threads
// serialises on that mutex; one that makes a single unencrypted key pays the set-up for nothing. Secure memory
// is still wiped when freed. Call before Botan's first secure allocation; an operator's own
// BOTAN_MLOCK_POOL_SIZE wins (docs/ca.md).
void skip_locked_pool();

}  // namespace certctl::cli
