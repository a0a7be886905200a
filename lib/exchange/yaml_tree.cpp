// lib/exchange/yaml_tree.cpp — builds YamlNode from yaml-cpp parser events, refusing what exchange files never use.
#include "lib/exchange/yaml_tree.h"

#include "lib/core/error.h"

#include <set>
#include <sstream>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

namespace certctl::exchange {

const YamlNode* YamlNode::find(const std::string& key) const {
    if (kind != Kind::mapping) {
        return nullptr;
    }
    for (const auto& [k, v] : entries) {
        if (k == key) {
            return &v;
        }
    }
    return nullptr;
}

namespace {

const char* k_action = "cannot read exchange file";

// A container being filled: its node, and for a mapping the pending key and the keys seen so far.
struct Frame {
    YamlNode node;
    std::optional<std::string> pending_key;
    std::set<std::string> seen;
};

class TreeBuilder final : public YAML::EventHandler {
public:
    TreeBuilder(std::string subject, const YamlLimits& limits) : m_subject(std::move(subject)), m_limits(limits) {}

    std::optional<YamlNode> result;

    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        check_anchor(mark, anchor);
        YamlNode n;
        n.line = line_of(mark);
        add(mark, std::move(n));
    }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
        refuse(mark, "it uses a YAML alias (*name); exchange files never do, and aliases are how YAML bombs expand");
    }
    void OnAnchor(const YAML::Mark& mark, const std::string&) override {
        refuse(mark, "it uses a YAML anchor (&name); exchange files never do");
    }
    void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  const std::string& value) override {
        check_anchor(mark, anchor);
        YamlNode n;
        n.kind = YamlNode::Kind::scalar;
        n.scalar = value;
        n.line = line_of(mark);
        add(mark, std::move(n));
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        open(mark, anchor, YamlNode::Kind::sequence);
    }
    void OnSequenceEnd() override { close(); }
    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        open(mark, anchor, YamlNode::Kind::mapping);
    }
    void OnMapEnd() override { close(); }

private:
    static std::size_t line_of(const YAML::Mark& mark) { return static_cast<std::size_t>(mark.line) + 1; }

    [[noreturn]] void refuse(const YAML::Mark& mark, const std::string& why) const {
        throw core::Error(core::Errc::bad_input, k_action, m_subject,
                          why + " (line " + std::to_string(line_of(mark)) + ")",
                          "exchange files are plain YAML mappings; get an unmodified copy of the file");
    }
    void check_anchor(const YAML::Mark& mark, YAML::anchor_t anchor) const {
        if (anchor != YAML::NullAnchor) {
            refuse(mark, "it uses a YAML anchor (&name); exchange files never do");
        }
    }
    void count(const YAML::Mark& mark) {
        if (++m_nodes > m_limits.max_nodes) {
            refuse(mark, "it has more than " + std::to_string(m_limits.max_nodes) + " YAML nodes");
        }
    }
    void open(const YAML::Mark& mark, YAML::anchor_t anchor, YamlNode::Kind kind) {
        check_anchor(mark, anchor);
        count(mark);
        if (m_stack.size() >= m_limits.max_depth) {
            refuse(mark, "it nests deeper than " + std::to_string(m_limits.max_depth) + " levels");
        }
        if (!m_stack.empty() && m_stack.back().node.is_mapping() && !m_stack.back().pending_key) {
            refuse(mark, "a mapping key is itself a list or mapping");
        }
        Frame f;
        f.node.kind = kind;
        f.node.line = line_of(mark);
        m_stack.push_back(std::move(f));
    }
    void close() {
        YamlNode done = std::move(m_stack.back().node);
        m_stack.pop_back();
        place(std::move(done));
    }
    void add(const YAML::Mark& mark, YamlNode n) {
        count(mark);
        if (!m_stack.empty() && m_stack.back().node.is_mapping() && !m_stack.back().pending_key) {
            Frame& f = m_stack.back();
            if (!n.is_scalar() && !n.is_null()) {
                refuse(mark, "a mapping key is not a scalar");
            }
            // Duplicate keys: yaml-cpp would keep one of them silently; a signed file must mean one thing.
            if (!f.seen.insert(n.scalar).second) {
                refuse(mark, "the key '" + n.scalar + "' appears twice in the same mapping");
            }
            f.pending_key = n.scalar;
            return;
        }
        place(std::move(n));
    }
    void place(YamlNode n) {
        if (m_stack.empty()) {
            result = std::move(n);
            return;
        }
        Frame& f = m_stack.back();
        if (f.node.is_sequence()) {
            f.node.items.push_back(std::move(n));
        } else {
            f.node.entries.emplace_back(*f.pending_key, std::move(n));
            f.pending_key.reset();
        }
    }

    std::string m_subject;
    YamlLimits m_limits;
    std::vector<Frame> m_stack;
    std::size_t m_nodes = 0;
};

}  // namespace

YamlNode parse_yaml(const std::string& text, const std::string& subject, const YamlLimits& limits) {
    std::istringstream in(text);
    try {
        YAML::Parser parser(in);
        TreeBuilder builder(subject, limits);
        if (!parser.HandleNextDocument(builder) || !builder.result) {
            throw core::Error(core::Errc::bad_input, k_action, subject, "the file holds no YAML document",
                              "is this the right file?");
        }
        TreeBuilder second(subject, limits);
        if (parser.HandleNextDocument(second)) {
            throw core::Error(core::Errc::bad_input, k_action, subject, "the file holds more than one YAML document",
                              "an exchange file is one document");
        }
        return std::move(*builder.result);
    } catch (const YAML::Exception& e) {
        throw core::Error(core::Errc::bad_input, k_action, subject,
                          "not valid YAML: " + e.msg + " (line " + std::to_string(e.mark.line + 1) + ")",
                          "get an unmodified copy of the file");
    }
}

}  // namespace certctl::exchange
