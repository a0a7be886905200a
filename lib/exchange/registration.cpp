// lib/exchange/registration.cpp — CSRs from store keys for a registration request.
#include "lib/exchange/registration.h"

#include "lib/audit/audit_log.h"
#include "lib/audit/counters.h"
#include "lib/core/error.h"
#include "lib/core/name.h"
#include "lib/exchange/exchange_format.h"

#include <botan/x509self.h>

namespace certctl::exchange {

std::string registration_key_name(const std::string& name, const std::string& role) { return name + "-" + role; }

namespace {
std::string make_csr(storage::Store& store, keys::KeyStore& keys, const core::Clock& clock, const std::string& key_name,
                     const std::string& cn) {
    if (!keys.find(key_name)) {
        keys.generate(key_name, keys::KeySpec::default_spec(), std::nullopt);
    }
    const std::unique_ptr<Botan::Private_Key> key = keys.load_private(key_name, std::nullopt);
    Botan::X509_Cert_Options opts;
    opts.common_name = cn;
    const std::string pem = Botan::X509::create_cert_req(opts, *key, "SHA-256", keys.rng()).PEM_encode();
    store.db().transaction([&] {
        audit::AuditLog(store.db(), clock)
            .record("system.generate_csr", key_name,
                    {{"name", key_name}, {"common_name", cn}, {"key", key_name}, {"purpose", "exchange registration"}},
                    true);
        audit::Counters(store.db()).increment("csr_success");
    });
    return pem;
}
}  // namespace

RegistrationRequest build_registration(storage::Store& store, keys::KeyStore& keys, const core::Clock& clock,
                                       const RegistrationInputs& in) {
    if (!is_uuid(in.instance_id)) {
        throw core::Error(core::Errc::usage, "cannot write registration request", in.instance_id,
                          "the instance id is not a UUID (8-4-4-4-12 hex digits)",
                          "e.g. --instance-id 4cdd0470-e5e4-0132-a310-005056841670");
    }
    core::check_name("On-Prem", in.name);
    RegistrationRequest r;
    r.instance_id = in.instance_id;
    r.exported = clock.now();
    r.lcs_csr = in.lcs_csr ? *in.lcs_csr
                           : make_csr(store, keys, clock, registration_key_name(in.name, "lcs"), in.instance_id);
    r.tg_csr = in.tg_csr ? *in.tg_csr
                         : make_csr(store, keys, clock, registration_key_name(in.name, "tg"), in.name + "-tg");
    r.ssms_csr = in.ssms_csr ? *in.ssms_csr
                             : make_csr(store, keys, clock, registration_key_name(in.name, "ssms"), in.name + "-ssms");
    return r;
}

}  // namespace certctl::exchange
