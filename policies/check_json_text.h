// policies/check_json_text.h — check_json's document written straight as the text `--format json` prints.
// Building the nlohmann tree (a std::map per certificate) and dumping it was a third of a check of a large
// inventory; this writes the same bytes (keys in the map's order, two-space indent, the same string escapes)
// without the tree. A unit test holds it byte-identical to check_json(...).dump(2) for every field shape.
#pragma once
#include "policies/check.h"

#include <string>

namespace certctl::policies {

// check_json(r, exit_code).dump(2, ' ', false, error_handler_t::replace) followed by a newline.
std::string check_json_text(const CheckReport& r, int exit_code);

}  // namespace certctl::policies
