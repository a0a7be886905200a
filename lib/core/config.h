// lib/core/config.h — defaults from certctl.toml, each value with where it came from.
#pragma once
#include "lib/core/clock.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace certctl::core {

// One row per setting: adding a setting is adding a row (config.cpp). Keys are "section.name".
// Every value is a TOML string; a size may also be an integer (bytes). A duration needs its unit ("30" is
// refused: it would be 30 seconds where "30d" was meant). Durations and sizes lie within [min, max]
// (seconds or bytes), so 0 or an absurd value is refused at load, not when a fetch or an alarm fails.
struct ConfigEntry {
    const char* key;
    const char* default_value;
    enum class Kind { text, duration, size, choice } kind;
    const char* choices;  // for Kind::choice: "a|b|c"
    const char* description;
    std::uint64_t min = 0;
    std::uint64_t max = 0;
};
const std::vector<ConfigEntry>& config_entries();

class Config final {
public:
    struct Value {
        std::string value;
        std::string origin;  // "default", or the file the value came from
    };

    // Defaults only.
    Config();
    // Defaults overlaid with `file`. A missing file is fine unless `must_exist` (then Error(not_found));
    // a syntax error, an unknown key, a value of the wrong type, out of range or without its unit, or two
    // values that contradict each other (alarms.minor shorter than alarms.major) is Error(bad_input)
    // naming the file and the key.
    static Config load(const std::filesystem::path& file, bool must_exist);

    const std::string& get(const std::string& key) const;  // throws Error(internal) for unknown keys
    Seconds get_duration(const std::string& key) const;
    std::uint64_t get_size(const std::string& key) const;
    const std::map<std::string, Value>& values() const { return m_values; }
    const std::filesystem::path& file() const { return m_file; }

private:
    std::map<std::string, Value> m_values;
    std::filesystem::path m_file;
};

}  // namespace certctl::core
