// lib/exchange/store_inputs.cpp — reads the inventory, CSRs and the last sync for the exchange flows.
#include "lib/exchange/store_inputs.h"

#include "lib/certs/inventory.h"
#include "lib/core/error.h"
#include "lib/core/file_io.h"
#include "lib/csr/csr_store.h"
#include "lib/csr/request.h"
#include "lib/exchange/exchange_format.h"
#include "lib/exchange/sync_cadence.h"

#include <botan/pkix_types.h>
#include <filesystem>

namespace certctl::exchange {

Botan::X509_Certificate inventory_certificate(storage::Database& db, const std::string& name) {
    std::vector<std::uint8_t> der;
    if (auto row = certs::Inventory(db).find(name)) {
        der = std::move(row->der);
    }
    if (der.empty()) {
        throw core::Error(core::Errc::not_found, "cannot find certificate", name, "no such certificate in the store",
                          "import the authorization first: `certctl exchange import FILE`");
    }
    try {
        return Botan::X509_Certificate(der);
    } catch (const Botan::Exception& e) {
        throw core::Error(core::Errc::bad_input, "cannot read certificate", name, e.what());
    }
}

namespace {
std::string stored_or_file_csr(storage::Database* db, const std::string& name_or_file) {
    if (std::filesystem::exists(name_or_file) || name_or_file.find('/') != std::string::npos || db == nullptr) {
        return core::read_file(name_or_file, "certificate request");
    }
    if (auto csr = csr::find_csr(*db, name_or_file)) {
        return csr->pem;
    }
    throw core::Error(core::Errc::not_found, "cannot find certificate request", name_or_file,
                      "no such file and no stored CSR of that name", "see `certctl csr list`");
}
}  // namespace

std::string csr_pem(storage::Database* db, const std::string& name_or_file, const std::string& field) {
    const std::string bytes = stored_or_file_csr(db, name_or_file);
    // The other side refuses a request that is not a signed PKCS#10 CSR, so refuse it here, where the
    // operator can still fix it, rather than write a file that comes back rejected.
    try {
        return csr::read_request(bytes, name_or_file).pem();
    } catch (const core::Error& e) {
        throw core::Error(core::Errc::bad_input, "cannot use " + field, name_or_file,
                          e.why().empty() ? e.action() : e.why(),
                          "give a PKCS#10 certificate request (PEM or DER), e.g. from `certctl csr create`");
    }
}

SyncRequest build_sync_request(storage::Database& db, const core::Clock& clock, const SyncRequestInputs& in) {
    const auto last = last_successful_sync(db);
    if (!last) {
        throw core::Error(core::Errc::not_found, "cannot write sync request", "", "no authorization imported yet",
                          "register first, then `certctl exchange import AUTHORIZATION`");
    }
    const Botan::X509_Certificate id = inventory_certificate(db, in.id_cert);
    const Botan::X509_Certificate signing = inventory_certificate(db, in.signing_cert);
    SyncRequest r;
    r.sync_type = last->sync_type.empty() ? "PARTIAL" : last->sync_type;
    r.ssms_version = in.ssms_version;
    r.id_cert = id.PEM_encode();
    r.signing_cert = signing.PEM_encode();
    const std::string cn = id.subject_dn().get_first_attribute("CN");
    r.collector_id = is_uuid(cn) ? cn : last->instance_id;
    r.tg_csr = in.tg_csr;
    r.ssms_csr = in.ssms_csr;
    r.last_sync = last->imported;
    r.last_generated = clock.now();
    return r;
}

}  // namespace certctl::exchange
