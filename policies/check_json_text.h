// policies/check_json_text.h — check_json's document written straight as the text `--format json` prints.
// Building the nlohmann tree (a std::map per certificate) and dumping it was a third of a check of a large
// inventory; this writes the same bytes (keys in the map's order, two-space indent, the same string escapes)
// without the tree. A unit test holds it byte-identical to check_json(...).dump(2) for every field shape.
#pragma once
#include "policies/check.h"

#include <string>
#include <vector>

namespace certctl::policies {

// check_json(r, exit_code).dump(2, ' ', false, error_handler_t::replace) followed by a newline, in pieces
// that may be rendered on different threads and are printed one after the other: piece(begin, end) holds the
// certificates [begin, end) in the document's order (worst first); the piece with begin 0 starts the
// document, the one with end == size() ends it, so piece(0, size()) is the whole. Only reads the report.
class CheckJsonPieces final {
public:
    CheckJsonPieces(const CheckReport& r, int exit_code);
    std::size_t size() const { return m_order.size(); }
    std::string piece(std::size_t begin, std::size_t end) const;

private:
    const CheckReport& m_report;
    int m_exit_code;
    std::vector<const CheckedCert*> m_order;
};

}  // namespace certctl::policies
