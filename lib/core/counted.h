// lib/core/counted.h — "1 source", "3 sources": a count with its noun in the right number.
#pragma once
#include <string>

namespace certctl::core {

// counted(1, "source") == "1 source"; counted(3, "source") == "3 sources";
// counted(2, "entry", "entries") == "2 entries".
template <typename N>
std::string counted(N n, const std::string& singular, const std::string& plural = "") {
    return std::to_string(n) + " " + (n == 1 ? singular : (plural.empty() ? singular + "s" : plural));
}

}  // namespace certctl::core
