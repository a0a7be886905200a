// cli/app.h — builds the command tree and turns every outcome into an exit code.
#pragma once

namespace certctl::cli {
int run(int argc, char** argv);
}
