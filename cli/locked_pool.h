// cli/locked_pool.h — turning Botan's locked memory pool off for a command that pays more for it than it gains.
#pragma once

namespace CLI {
class App;
}

namespace certctl::cli {

// Botan keeps secure memory in one mlock()ed pool (at most 512 KiB, then the ordinary heap) behind one mutex,
// set up at its first use with about a thousand system calls. A command that works on several threads
// serialises on that mutex; one that makes a single unencrypted key pays the set-up for nothing. Secure memory
// is still wiped when freed. Call before Botan's first secure allocation; an operator's own
// BOTAN_MLOCK_POOL_SIZE wins (docs/ca.md).
void skip_locked_pool();

// For a command (or a whole group) that never holds a private key: the pool is skipped as it is chosen, before
// any handler runs. Its set-up (about 3 ms) was a fifth of `crl import` of a small CRL and a quarter of
// `cert verify`, which cron jobs and monitoring run again and again.
void skip_locked_pool_for(CLI::App& command);

}  // namespace certctl::cli
