// lib/core/printable.h — text that reaches a terminal: control characters from outside (a certificate's
// subject, a file name, an exchange file's fields) are shown as escapes, never obeyed. ESC could recolour
// or rewrite the screen, CR and a newline could forge a line of output.
#pragma once
#include <string>
#include <string_view>

namespace certctl::core {

// C0 controls and DEL become "\n", "\r", "\t", "\e" or "\xNN"; C1 controls (U+0080..U+009F) "\uNNNN";
// bytes that are not UTF-8 "\xNN". Everything else, other scripts included, is kept. Newlines pass through
// when `keep_newlines` (text the program laid out itself, line by line), else they become "\n".
std::string printable(std::string_view text, bool keep_newlines = false);

}  // namespace certctl::core
