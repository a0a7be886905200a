// tests/fuzz/fuzz_config.cpp — certctl.toml as Config::load reads it (toml++, then every setting's type,
// unit, range and the relations between settings), then every value read back as its kind.
#include "lib/core/config.h"
#include "tests/fuzz/fuzz_target.h"
#include "tests/fuzz/scratch_file.h"

using namespace certctl;

CERTCTL_FUZZ_TARGET(config) {
    const auto path = fuzz::scratch_dir() / "certctl.toml";
    fuzz::write_scratch(path, data, size);
    const core::Config config = core::Config::load(path, true);
    for (const core::ConfigEntry& entry : core::config_entries()) {
        if (entry.kind == core::ConfigEntry::Kind::duration) {
            (void)config.get_duration(entry.key);
        } else if (entry.kind == core::ConfigEntry::Kind::size) {
            (void)config.get_size(entry.key);
        } else {
            (void)config.get(entry.key);
        }
    }
}
