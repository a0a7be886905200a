// cli/cmd_ca_keys.cpp — CA keys are keys like any other: the key store, with the passphrase given.
#include "cli/cmd_ca.h"
#include "lib/keys/key_store.h"

namespace certctl::cli {

ca::KeyAccess ca_key_access(Context& ctx, const CaKeyOptions& o) {
    storage::Store& store = ctx.store(storage::Store::Access::write);
    auto keystore = std::make_shared<keys::KeyStore>(store, ctx.clock);
    const auto read = [](const std::string& file) -> std::optional<std::string> {
        if (file.empty()) {
            return std::nullopt;
        }
        return keys::read_passphrase_file(file);
    };
    const std::optional<std::string> passphrase = read(o.passphrase_file);
    const std::optional<std::string> issuer_passphrase =
        o.issuer_passphrase_file.empty() ? passphrase : read(o.issuer_passphrase_file);
    const std::string algorithm = o.algorithm;
    const std::string issuer_key = o.issuer_key_name;
    ca::KeyAccess access;
    access.exists = [keystore](const std::string& name) { return keystore->find(name).has_value(); };
    access.generate = [keystore, algorithm, passphrase](const std::string& name) {
        keystore->generate(name, algorithm.empty() ? keys::KeySpec::default_spec() : keys::KeySpec::parse(algorithm),
                           passphrase);
    };
    access.load = [keystore, passphrase, issuer_passphrase, issuer_key](const std::string& name) {
        return keystore->load_private(name, name == issuer_key ? issuer_passphrase : passphrase);
    };
    access.remove = [keystore](const std::string& name) { keystore->remove(name); };
    access.import = [keystore, passphrase](const std::string& name, const std::string& contents,
                                           const std::string& source) {
        keystore->import(name, contents, source, passphrase);
    };
    return access;
}

}  // namespace certctl::cli
