// lib/exchange/exchange_file.h — one exchange file as read: its exact bytes, its YAML tree, its kind, and the
// byte range its signature covers.
#pragma once
#include "lib/exchange/yaml_tree.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace certctl::exchange {

// Exchange files are small (a few certificates and account lists); 16 MiB leaves room for big account lists
// while a 100 MB file is refused from stat() alone, before a byte is read.
inline constexpr std::uint64_t k_max_exchange_file_size = 16ULL << 20;

enum class FileKind { registration, authorization, sync_request, sync_response };
const char* file_kind_name(FileKind kind);  // "registration", "authorization", "sync_request", "sync_response"
// For sentences, with its article: "a registration request", "an authorization", "a sync request", ...
const char* file_kind_phrase(FileKind kind);

// Where a field was found. Responses: only `data` and `authentication` are covered by the signature.
enum class Where { data, authentication, top_level };

struct FieldRef {
    const YamlNode* node = nullptr;
    Where where = Where::top_level;
};

// The signed bytes of a response, as certctl reads the format (docs/exchange.md): exactly the `:data:` block as stored,
// from the byte after the newline that ends the line `:data:` (optionally followed by spaces or tabs) to the byte
// before the first later line whose first byte is neither a space nor `#` (empty lines stay inside). This is
// the range `awk 'f && /^[^ #]/ {f=0} f; /^:data:[ \t]*$/ {f=1}'` prints.
struct SignedRange {
    std::size_t offset = 0;
    std::size_t length = 0;
};
std::optional<SignedRange> find_signed_range(const std::string& text);

class ExchangeFile final {
public:
    // Reads and parses. Missing file: Error(not_found); over k_max_exchange_file_size, not YAML, anchors or
    // aliases, duplicate keys (also two spellings of one key, ":last-sync" and ":last_sync"), or not one of the
    // four files: Error(bad_input).
    static ExchangeFile read(const std::filesystem::path& path);
    static ExchangeFile parse(std::string text, const std::string& subject);

    FileKind kind() const { return m_kind; }
    bool is_response() const { return m_kind == FileKind::authorization || m_kind == FileKind::sync_response; }
    const std::string& text() const { return m_text; }
    const std::string& subject() const { return m_subject; }
    const YamlNode& root() const { return m_root; }

    // A field by its normalised name ("id_cert", "last_sync"). Responses look under :data:, then
    // :data: :authentication:, then the top level; requests look at the top level only.
    std::optional<FieldRef> field(const std::string& name) const;
    // The scalar text of a field, if it is present and a scalar (null and absent are the same in this format).
    std::optional<std::string> scalar(const std::string& name) const;

    // Responses: the exact signed bytes; std::nullopt when no `:data:` line exists.
    std::optional<std::string> signed_content() const;
    // Responses: top-level keys other than :data:, :root_cert_hash:, :signing_cert:, :signature: (not signed).
    std::vector<std::string> unsigned_keys() const;

private:
    ExchangeFile() = default;
    std::string m_text;
    std::string m_subject;
    YamlNode m_root;
    FileKind m_kind = FileKind::registration;
};

}  // namespace certctl::exchange
