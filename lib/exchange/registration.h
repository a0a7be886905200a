// lib/exchange/registration.h — the registration request of an On-Prem: its UUID and three CSRs made from
// store keys (or given).
#pragma once
#include "lib/core/clock.h"
#include "lib/exchange/exchange_writer.h"
#include "lib/storage/store.h"

#include <optional>
#include <string>

namespace certctl::exchange {

struct RegistrationInputs {
    std::string name;                     // the On-Prem's name in this store: keys NAME-lcs, NAME-tg, NAME-ssms
    std::string instance_id;              // UUID
    std::optional<std::string> lcs_csr;   // PEM given by the operator; else made from key NAME-lcs
    std::optional<std::string> tg_csr;
    std::optional<std::string> ssms_csr;
};

// The key names a registration uses for `name`: NAME-lcs, NAME-tg, NAME-ssms.
std::string registration_key_name(const std::string& name, const std::string& role);

// Builds the request. A CSR not given is the stored CSR NAME-<role> (csr::CsrStore), created when missing
// from the key of that name (generated with the default algorithm when missing; stored, audited as
// system.generate_csr, counted): CN = the UUID for lcs (its key becomes id_cert, whose CN is the UUID),
// NAME-tg / NAME-ssms otherwise. Error(usage) for a bad UUID or name.
RegistrationRequest build_registration(storage::Store& store, const core::Clock& clock, const RegistrationInputs& in);

}  // namespace certctl::exchange
