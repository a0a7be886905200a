// service/deploy_writer.h — writes a certificate, its chain and (when asked) its key where a service reads them.
#pragma once
#include "lib/certs/inventory.h"
#include "lib/certs/lifecycle_store.h"
#include "lib/storage/store.h"

#include <string>
#include <vector>

namespace certctl::service {

// Files of NAME in a target directory: NAME.pem (certificate), NAME.chain.pem (its chain, possibly empty),
// NAME.fullchain.pem (both), NAME.key (only with_key: the key file as the store holds it).
std::vector<std::string> deploy_file_names(const std::string& name, bool with_key);

// Parses "user:group", "user" or ":group" (Error(usage) for an unknown user or group); "" gives {-1, -1}.
std::pair<int, int> parse_owner(const std::string& owner);

// Writes every file atomically (temporary beside it, fsync, rename), with the target's mode (certificates 0644
// and key 0600 by default; the key never gets bits for others) and owner. Returns the paths written.
// Errors: not_found (directory, key), cannot_write / permission.
std::vector<std::string> write_deploy_target(storage::Store& store, const certs::CertRecord& record,
                                             const certs::DeployTarget& target);

}  // namespace certctl::service
