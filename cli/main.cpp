// cli/main.cpp — certctl's entry point.
#include "cli/app.h"

int main(int argc, char** argv) { return certctl::cli::run(argc, argv); }
