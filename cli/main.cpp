// cli/main.cpp — certctl's entry point.
#include "cli/app.h"
#include "lib/core/interrupt_cleanup.h"
#include "lib/core/wipe.h"

#include <sys/prctl.h>
#include <sys/resource.h>

namespace {
// Any command may load a private key or read a passphrase, so before anything is read: no core file
// (it would write key bytes to disk) and not dumpable (no ptrace attach or /proc/PID/mem reads by other
// processes of the same user). Both hold for the process's whole life; they cost nothing.
void keep_secrets_in_process() {
    const struct rlimit no_core { 0, 0 };
    ::setrlimit(RLIMIT_CORE, &no_core);
    ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}
}  // namespace

int main(int argc, char** argv) {
    keep_secrets_in_process();
    certctl::core::install_interrupt_cleanup_handlers();
    const int rc = certctl::cli::run(argc, argv);
    // Signing and the rest of a command ran after the key store's own wipes: clear what they left below.
    certctl::core::wipe_stack_if_used();
    return rc;
}
