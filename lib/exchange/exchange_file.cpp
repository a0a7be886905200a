// lib/exchange/exchange_file.cpp — reading exchange files: limits, kind, field lookup and the signed range.
#include "lib/exchange/exchange_file.h"

#include "lib/core/error.h"
#include "lib/core/file_io.h"
#include "lib/exchange/exchange_format.h"

#include <set>

namespace certctl::exchange {

namespace {
const char* k_action = "cannot read exchange file";
const std::set<std::string> k_envelope = {"data", "root_cert_hash", "signing_cert", "signature"};

// Two spellings of one key in one mapping would let two readers see different values.
void refuse_spelling_duplicates(const YamlNode& node, const std::string& subject) {
    if (node.is_mapping()) {
        std::set<std::string> seen;
        for (const auto& [key, value] : node.entries) {
            if (!seen.insert(normalise_key(key)).second) {
                throw core::Error(core::Errc::bad_input, k_action, subject,
                                  "the key '" + key + "' appears twice in one mapping (spelled differently) (line " +
                                      std::to_string(value.line) + ")",
                                  "get an unmodified copy of the file");
            }
            refuse_spelling_duplicates(value, subject);
        }
    } else if (node.is_sequence()) {
        for (const YamlNode& item : node.items) {
            refuse_spelling_duplicates(item, subject);
        }
    }
}

const YamlNode* lookup(const YamlNode* map, const std::string& name) {
    if (map == nullptr || !map->is_mapping()) {
        return nullptr;
    }
    for (const auto& [key, value] : map->entries) {
        if (normalise_key(key) == name) {
            return &value;
        }
    }
    return nullptr;
}

FileKind detect_kind(const YamlNode& root, const std::string& subject) {
    if (!root.is_mapping()) {
        throw core::Error(core::Errc::bad_input, k_action, subject, "the document is not a YAML mapping",
                          "expected a registration request, authorization, sync request or sync response");
    }
    if (const YamlNode* data = lookup(&root, "data")) {
        if (!data->is_mapping()) {
            throw core::Error(core::Errc::bad_input, k_action, subject, "its :data: is not a mapping",
                              "get an unmodified copy of the file");
        }
        // An authorization carries the account fields (docs/exchange.md); a sync response does not.
        const bool authorization = lookup(data, "status") != nullptr || lookup(data, "uuid") != nullptr;
        return authorization ? FileKind::authorization : FileKind::sync_response;
    }
    if (lookup(&root, "collector_id") != nullptr || lookup(&root, "sync_version") != nullptr) {
        return FileKind::sync_request;
    }
    if (lookup(&root, "instance_id") != nullptr) {
        return FileKind::registration;
    }
    throw core::Error(core::Errc::bad_input, k_action, subject,
                      "not an exchange file: it has none of :data:, :collector_id:, :sync_version:, :instance_id:",
                      "expected a registration request, authorization, sync request or sync response");
}
}  // namespace

const char* file_kind_name(FileKind kind) {
    switch (kind) {
        case FileKind::registration: return "registration";
        case FileKind::authorization: return "authorization";
        case FileKind::sync_request: return "sync_request";
        case FileKind::sync_response: return "sync_response";
    }
    return "unknown";
}

const char* file_kind_phrase(FileKind kind) {
    switch (kind) {
        case FileKind::registration: return "a registration request";
        case FileKind::authorization: return "an authorization";
        case FileKind::sync_request: return "a sync request";
        case FileKind::sync_response: return "a sync response";
    }
    return "an unknown file";
}

std::optional<SignedRange> find_signed_range(const std::string& text) {
    std::size_t pos = 0;
    std::optional<std::size_t> start;
    while (pos < text.size()) {
        const std::size_t nl = text.find('\n', pos);
        const std::size_t end = nl == std::string::npos ? text.size() : nl;
        const std::size_t next = nl == std::string::npos ? text.size() : nl + 1;
        const std::string_view line(text.data() + pos, end - pos);
        if (start) {
            if (!line.empty() && line[0] != ' ' && line[0] != '#') {
                return SignedRange{*start, pos - *start};
            }
        } else if (line.rfind(":data:", 0) == 0 &&
                   line.find_first_not_of(" \t", 6) == std::string_view::npos) {
            start = next;
        }
        pos = next;
    }
    if (start) {
        return SignedRange{*start, text.size() - *start};
    }
    return std::nullopt;
}

ExchangeFile ExchangeFile::read(const std::filesystem::path& path) {
    return parse(core::read_file(path, "exchange file", k_max_exchange_file_size), path.string());
}

ExchangeFile ExchangeFile::parse(std::string text, const std::string& subject) {
    if (text.size() > k_max_exchange_file_size) {
        throw core::Error(core::Errc::bad_input, k_action, subject,
                          "file is too large (limit " + std::to_string(k_max_exchange_file_size) + " bytes)",
                          "is this the right file?");
    }
    ExchangeFile f;
    f.m_root = parse_yaml(text, subject);
    refuse_spelling_duplicates(f.m_root, subject);
    f.m_kind = detect_kind(f.m_root, subject);
    f.m_text = std::move(text);
    f.m_subject = subject;
    return f;
}

std::optional<FieldRef> ExchangeFile::field(const std::string& name) const {
    if (is_response()) {
        const YamlNode* data = lookup(&m_root, "data");
        if (const YamlNode* n = lookup(data, name)) {
            return FieldRef{n, Where::data};
        }
        if (const YamlNode* n = lookup(lookup(data, "authentication"), name)) {
            return FieldRef{n, Where::authentication};
        }
    }
    if (const YamlNode* n = lookup(&m_root, name)) {
        return FieldRef{n, Where::top_level};
    }
    return std::nullopt;
}

std::optional<std::string> ExchangeFile::scalar(const std::string& name) const {
    const auto ref = field(name);
    if (!ref || !ref->node->is_scalar()) {
        return std::nullopt;
    }
    return ref->node->scalar;
}

std::optional<std::string> ExchangeFile::signed_content() const {
    const auto range = find_signed_range(m_text);
    if (!range) {
        return std::nullopt;
    }
    return m_text.substr(range->offset, range->length);
}

std::vector<std::string> ExchangeFile::unsigned_keys() const {
    std::vector<std::string> out;
    if (!is_response()) {
        return out;
    }
    for (const auto& [key, value] : m_root.entries) {
        if (k_envelope.count(normalise_key(key)) == 0) {
            out.push_back(key);
        }
    }
    return out;
}

}  // namespace certctl::exchange
