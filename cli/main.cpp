// cli/main.cpp — certctl's entry point.
#include "cli/app.h"
#include "lib/core/interrupt_cleanup.h"

int main(int argc, char** argv) {
    certctl::core::install_interrupt_cleanup_handlers();
    return certctl::cli::run(argc, argv);
}
