// tests/fuzz/fuzz_yaml.cpp — the limited YAML reader alone (lib/exchange/yaml_tree), with small limits so
// the node and depth caps are reached by short inputs.
#include "lib/exchange/exchange_format.h"
#include "lib/exchange/yaml_tree.h"
#include "tests/fuzz/fuzz_target.h"

using namespace certctl;

namespace {
void walk(const exchange::YamlNode& node) {
    for (const auto& item : node.items) {
        walk(item);
    }
    for (const auto& [key, value] : node.entries) {
        (void)exchange::normalise_key(key);
        walk(value);
    }
    if (node.is_scalar()) {
        (void)exchange::parse_exchange_time(node.scalar);
        (void)exchange::is_uuid(node.scalar);
    }
}
}  // namespace

CERTCTL_FUZZ_TARGET(yaml) {
    exchange::YamlLimits limits;
    limits.max_nodes = 2000;
    limits.max_depth = 16;
    walk(exchange::parse_yaml(fuzz::as_string(data, size), "fuzz input", limits));
}
