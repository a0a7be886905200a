// cli/cmd_cert_verify.h — registers `certctl cert verify` under the cert group.
#pragma once
#include "cli/context.h"
#include "lib/certs/revocation_lookup.h"

#include <CLI/CLI.hpp>

namespace certctl::cli {

// What the store knows about revocation: the CRL manager's published master list (State::unknown for
// issuers no CRL source covers, and everywhere without a store).
const certs::RevocationLookup& store_revocation_lookup(Context& ctx);

void register_cert_verify_command(CLI::App& cert_group, Context& ctx);

}  // namespace certctl::cli
