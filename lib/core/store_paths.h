// lib/core/store_paths.h — where everything lives inside a store; the only place paths are built.
#pragma once
#include <filesystem>
#include <string>

namespace certctl::core {

class StorePaths final {
public:
    explicit StorePaths(std::filesystem::path root) : m_root(std::move(root)) {}

    // --store beats CERTCTL_STORE beats /var/lib/certctl (root) or $XDG_DATA_HOME/certctl or
    // ~/.local/share/certctl. `flag` is empty when --store was not given (the CLI refuses `--store ""`).
    // CERTCTL_STORE set but empty is Error(usage).
    static std::filesystem::path resolve_root(const std::string& flag);

    const std::filesystem::path& root() const { return m_root; }
    std::filesystem::path database() const { return m_root / "certctl.db"; }
    std::filesystem::path config_file() const { return m_root / "certctl.toml"; }
    std::filesystem::path lock_file() const { return m_root / ".lock"; }
    std::filesystem::path keys_dir() const { return m_root / "keys"; }
    std::filesystem::path crl_dir() const { return m_root / "crl"; }
    // `name` must already have passed check_name (lib/core/name.h).
    std::filesystem::path key_file(const std::string& name) const { return keys_dir() / (name + ".key"); }

private:
    std::filesystem::path m_root;
};

}  // namespace certctl::core
