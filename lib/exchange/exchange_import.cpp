// lib/exchange/exchange_import.cpp — verify first, then every certificate, the sync and the alarm in one
// transaction; a file that fails verification leaves the store as it was.
#include "lib/exchange/exchange_import.h"

#include "lib/audit/alarm_store.h"
#include "lib/audit/audit_log.h"
#include "lib/audit/counters.h"
#include "lib/certs/cert_summary.h"
#include "lib/certs/purpose.h"
#include "lib/core/error.h"
#include "lib/core/rfc3339.h"
#include "lib/csr/subject.h"
#include "lib/exchange/cert_roles.h"
#include "lib/exchange/exchange_format.h"
#include "lib/exchange/exchange_signature.h"
#include "lib/exchange/inventory_put.h"
#include "lib/exchange/sync_cadence.h"

#include <botan/data_src.h>
#include <botan/hash.h>
#include <botan/hex.h>
#include <botan/pkix_types.h>
#include <map>

namespace certctl::exchange {

namespace {
struct Item {
    const CertRole* role;
    Botan::X509_Certificate cert;
    std::string pem;
};

std::string chain_of(const Item& item, const std::vector<Item>& all) {
    std::string chain;
    const Botan::X509_Certificate* current = &item.cert;
    for (int depth = 0; depth < 4; ++depth) {
        const Item* up = nullptr;
        for (const Item& other : all) {
            if (&other.cert != current && other.cert.subject_dn() == current->issuer_dn() && other.role->ca) {
                up = &other;
            }
        }
        if (up == nullptr) {
            break;
        }
        chain += up->cert.PEM_encode();
        current = &up->cert;
    }
    return chain;
}

// The first failed check, as the refusal's reason.
std::string first_failure(const VerifyReport& report) {
    for (const Check& c : report.checks) {
        if (c.status == Check::Status::fail) {
            return c.name + ": " + c.detail;
        }
    }
    return "";
}

// The certificates the file carries, one per role with a non-empty field below the top level.
std::vector<Item> carried_certificates(const ExchangeFile& file) {
    std::vector<Item> items;
    for (const CertRole& role : cert_roles()) {
        const auto ref = file.field(role.field);
        if (!ref || ref->where == Where::top_level || !ref->node->is_scalar() || ref->node->scalar.empty()) {
            continue;
        }
        items.push_back({&role, decode_certificate(ref->node->scalar, role.field), ref->node->scalar});
    }
    return items;
}

// One certificate into the inventory, with its audit event and counter (inside the import's transaction).
ImportedCertificate import_item(storage::Database& db, audit::AuditLog& log, audit::Counters& counters,
                                const ExchangeFile& file, const Item& item, const std::vector<Item>& items,
                                const std::string& now) {
    InventoryRow row{item.role->field, item.role->purpose, chain_of(item, items), "", "", now};
    row.key_name = key_for_certificate(db, item.cert).value_or("");
    ImportedCertificate out;
    out.name = row.name;
    out.purpose = row.purpose;
    out.subject = item.cert.subject_dn().get_first_attribute("CN");
    out.not_after = certs::time_rfc3339(item.cert.not_after());
    out.fingerprint = certs::fingerprint_sha256(item.cert);
    out.key_name = row.key_name;
    out.replaced = put_inventory_certificate(db, row, item.cert);
    log.record("system.ingest_certificate", row.name,
               {{"name", row.name},
                {"purpose", certs::find_purpose(row.purpose).description},
                {"role", row.name},
                {"common_name", out.subject},
                {"crl_urls", nlohmann::json::array()},
                {"certificate_authority", csr::dn_to_slash_string(item.cert.issuer_dn())},
                {"fingerprint", out.fingerprint},
                {"validation_mode", "strict"},
                {"warnings", nlohmann::json::array()},
                {"source", "exchange"},
                {"file", file.subject()}},
               true);
    counters.increment("certificate_import_success");
    return out;
}
}  // namespace

ImportResult import_exchange(storage::Database& db, const ExchangeFile& file,
                             const std::vector<Botan::X509_Certificate>& trusted, const core::Clock& clock) {
    if (!file.is_response()) {
        throw core::Error(
            core::Errc::usage, "cannot import exchange file", file.subject(),
            std::string("it is ") + file_kind_phrase(file.kind()) + ", which carries no certificates to import",
            "import an authorization or a sync response; check a request with `certctl exchange verify`");
    }
    ImportResult result;
    result.report = verify_exchange(file, trusted, clock.now());
    result.instance_id = file.scalar("collector_instance_id").value_or("");
    result.sync_type = file.scalar("sync_type").value_or("");
    audit::AuditLog log(db, clock);
    audit::Counters counters(db);
    if (!result.report.valid()) {
        const std::string why = first_failure(result.report);
        db.transaction([&] {
            log.record("system.ingest_certificate", file.subject(),
                       {{"name", file.subject()}, {"source", "exchange"}, {"reason", why}}, false, why);
            counters.increment("certificate_import_failure");
        });
        return result;
    }
    const std::vector<Item> items = carried_certificates(file);
    const std::string now = core::format_rfc3339(clock.now());
    const std::string file_sha = certs::fingerprint_sha256(reinterpret_cast<const std::uint8_t*>(file.text().data()),
                                                           file.text().size());
    db.transaction([&] {
        for (const Item& item : items) {
            result.certificates.push_back(import_item(db, log, counters, file, item, items, now));
        }
        const auto generated = file.scalar("last_generated");
        record_sync(db, {result.instance_id, file_kind_name(file.kind()), result.sync_type, clock.now()}, file_sha,
                    generated ? parse_exchange_time(*generated) : std::nullopt);
        audit::AlarmStore(db, clock).clear(k_sync_alarm_kind, result.instance_id,
                                           std::string("synchronized: imported ") + file_kind_name(file.kind()));
    });
    return result;
}

}  // namespace certctl::exchange
