// tests/unit/exchange/test_yaml_tree.cpp — hostile YAML is refused quickly: aliases, anchors, duplicates, depth.
#include "lib/core/error.h"
#include "lib/exchange/yaml_tree.h"

#include <doctest/doctest.h>

using namespace certctl;

namespace {
std::string refusal(const std::string& text, const exchange::YamlLimits& limits = {}) {
    try {
        exchange::parse_yaml(text, "t.yml", limits);
    } catch (const core::Error& e) {
        CHECK(e.code() == core::Errc::bad_input);
        return e.why();
    }
    return "";
}
}  // namespace

TEST_SUITE("exchange::YamlTree") {
    TEST_CASE("a Ruby-symbol mapping keeps its keys, order and literal blocks") {
        const auto n = exchange::parse_yaml("---\n:b: 1\n:a: |-\n  x\n  y\n:l:\n- :id: 5\n:e:\n", "t");
        REQUIRE(n.is_mapping());
        CHECK(n.entries[0].first == ":b");
        CHECK(n.find(":a")->scalar == "x\ny");
        CHECK(n.find(":l")->items[0].find(":id")->scalar == "5");
        CHECK(n.find(":e")->is_null());
    }
    TEST_CASE("duplicate keys are refused, also nested") {
        CHECK(refusal(":a: 1\n:a: 2\n").find("appears twice") != std::string::npos);
        CHECK(refusal(":d:\n  :x: 1\n  :y: 2\n  :x: 3\n").find("':x' appears twice") != std::string::npos);
    }
    TEST_CASE("a billion-laughs alias bomb is refused at its first anchor") {
        std::string bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
        for (char c = 'b'; c <= 'j'; ++c) {
            const char p = static_cast<char>(c - 1);
            bomb += std::string(1, c) + ": &" + c + " [*" + p + ",*" + p + ",*" + p + ",*" + p + ",*" + p + ",*" + p +
                    ",*" + p + ",*" + p + ",*" + p + "]\n";
        }
        CHECK(refusal(bomb).find("anchor") != std::string::npos);
        CHECK_FALSE(refusal("a: *x\n").empty());  // an alias to nothing: a syntax error, refused either way
    }
    TEST_CASE("node count and depth are bounded") {
        exchange::YamlLimits small;
        small.max_nodes = 10;
        CHECK(refusal("[1,2,3,4,5,6,7,8,9,10,11]", small).find("more than 10") != std::string::npos);
        CHECK(refusal(std::string(100, '[') + std::string(100, ']')).find("deeper") != std::string::npos);
    }
    TEST_CASE("two documents, a complex key and garbage are refused") {
        CHECK(refusal("--- 1\n--- 2\n").find("more than one") != std::string::npos);
        CHECK(refusal("? [a]\n: b\n").find("key") != std::string::npos);
        CHECK(refusal(":a: [\n").find("not valid YAML") != std::string::npos);
        CHECK(refusal("").find("no YAML document") != std::string::npos);
    }
}
