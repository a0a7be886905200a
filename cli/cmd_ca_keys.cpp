// cli/cmd_ca_keys.cpp — CA keys are keys like any other: the key store, with the passphrase given.
#include "cli/cmd_ca.h"
#include "lib/core/wipe.h"
#include "lib/keys/key_store.h"

#include <memory>

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
    // One copy of each passphrase, shared by the callbacks and wiped when the last of them goes.
    struct Passphrases {
        std::optional<std::string> own, issuer;
        ~Passphrases() {
            core::wipe(own);
            core::wipe(issuer);
        }
    };
    auto secrets = std::make_shared<Passphrases>();
    secrets->own = read(o.passphrase_file);
    secrets->issuer = o.issuer_passphrase_file.empty() ? secrets->own : read(o.issuer_passphrase_file);
    const std::string algorithm = o.algorithm;
    const std::string issuer_key = o.issuer_key_name;
    ca::KeyAccess access;
    access.exists = [keystore](const std::string& name) { return keystore->find(name).has_value(); };
    access.generate = [keystore, algorithm, secrets](const std::string& name) {
        keystore->generate(name, algorithm.empty() ? keys::KeySpec::default_spec() : keys::KeySpec::parse(algorithm),
                           secrets->own);
    };
    access.load = [keystore, secrets, issuer_key](const std::string& name) {
        return keystore->load_private(name, name == issuer_key ? secrets->issuer : secrets->own);
    };
    access.remove = [keystore](const std::string& name) { keystore->remove(name); };
    access.import = [keystore, secrets](const std::string& name, const std::string& contents,
                                        const std::string& source) {
        keystore->import(name, contents, source, secrets->own);
    };
    return access;
}

}  // namespace certctl::cli
