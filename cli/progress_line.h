// cli/progress_line.h — the progress line on stderr for long work the library reports (core::report_progress):
// drawn only on a terminal, never under --json or -q, and only for work that has run for a moment already.
#pragma once

namespace certctl::cli {

// Installs the drawing sink when `show` (stderr is a terminal and neither --json nor -q), else none.
void enable_progress_line(bool show);

}  // namespace certctl::cli
