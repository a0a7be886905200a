// lib/exchange/yaml_tree.h — untrusted YAML read into a small tree, with hard limits (yaml-cpp events).
#pragma once
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace certctl::exchange {

// One YAML node. Mappings keep their keys in file order; keys are always scalars.
struct YamlNode {
    enum class Kind { null, scalar, sequence, mapping } kind = Kind::null;
    std::string scalar;                                        // Kind::scalar
    std::vector<YamlNode> items;                               // Kind::sequence
    std::vector<std::pair<std::string, YamlNode>> entries;     // Kind::mapping, in file order
    std::size_t line = 0;                                      // 1-based line where the node starts

    const YamlNode* find(const std::string& key) const;        // mapping lookup, nullptr if absent
    bool is_null() const { return kind == Kind::null; }
    bool is_scalar() const { return kind == Kind::scalar; }
    bool is_mapping() const { return kind == Kind::mapping; }
    bool is_sequence() const { return kind == Kind::sequence; }
};

// Limits that make a hostile file cheap to refuse. The size cap is checked by the caller before reading.
struct YamlLimits {
    std::size_t max_nodes = 200000;  // every scalar, sequence, mapping and null counts one
    std::size_t max_depth = 64;      // nesting of sequences and mappings
};

// Parses exactly one YAML document. Refused with Error(bad_input) naming `subject` and the line:
// syntax errors, anchors and aliases (an exchange file never needs them, and aliases are how "billion laughs"
// bombs expand), a key that appears twice in one mapping (yaml-cpp keeps one silently; two readers could then
// disagree on what was signed), non-scalar keys, more than one document, and anything over `limits`.
YamlNode parse_yaml(const std::string& text, const std::string& subject, const YamlLimits& limits = {});

}  // namespace certctl::exchange
