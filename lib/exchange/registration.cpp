// lib/exchange/registration.cpp — stored CSRs from store keys for a registration request.
#include "lib/exchange/registration.h"

#include "lib/core/error.h"
#include "lib/csr/csr_store.h"
#include "lib/core/name.h"
#include "lib/exchange/exchange_format.h"


namespace certctl::exchange {

std::string registration_key_name(const std::string& name, const std::string& role) { return name + "-" + role; }

namespace {
// The stored CSR called `name` (made from the key of that name, generated when missing, by csr::CsrStore:
// stored, audited as system.generate_csr and counted), reused when it already exists.
std::string stored_csr(csr::CsrStore& csrs, const std::string& name, const std::string& cn) {
    if (const auto existing = csrs.find(name)) {
        return existing->pem;
    }
    csr::CreateParams p;
    p.name = name;
    p.subject.common_name = cn;
    return csrs.create(p).pem;
}
}  // namespace

RegistrationRequest build_registration(storage::Store& store, const core::Clock& clock, const RegistrationInputs& in) {
    if (!is_uuid(in.instance_id)) {
        throw core::Error(core::Errc::usage, "cannot write registration request", in.instance_id,
                          "the instance id is not a UUID (8-4-4-4-12 hex digits)",
                          "e.g. --instance-id 4cdd0470-e5e4-0132-a310-005056841670");
    }
    core::check_name("On-Prem", in.name);
    csr::CsrStore csrs(store, clock);
    RegistrationRequest r;
    r.instance_id = in.instance_id;
    r.exported = clock.now();
    r.lcs_csr = in.lcs_csr ? *in.lcs_csr
                           : stored_csr(csrs, registration_key_name(in.name, "lcs"), in.instance_id);
    r.tg_csr = in.tg_csr ? *in.tg_csr
                         : stored_csr(csrs, registration_key_name(in.name, "tg"), in.name + "-tg");
    r.ssms_csr = in.ssms_csr ? *in.ssms_csr
                             : stored_csr(csrs, registration_key_name(in.name, "ssms"), in.name + "-ssms");
    return r;
}

}  // namespace certctl::exchange
