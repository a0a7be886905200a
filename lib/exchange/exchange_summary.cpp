// lib/exchange/exchange_summary.cpp — summaries of the certificates, CSRs and plain fields of a file.
#include "lib/exchange/exchange_summary.h"

#include "lib/certs/cert_summary.h"
#include "lib/core/error.h"
#include "lib/core/rfc3339.h"
#include "lib/csr/subject.h"
#include "lib/exchange/cert_roles.h"
#include "lib/exchange/exchange_signature.h"

#include <botan/data_src.h>
#include <botan/hash.h>
#include <botan/hex.h>
#include <botan/pkcs10.h>
#include <memory>

namespace certctl::exchange {

namespace {
const std::vector<const char*> k_value_fields = {
    "instance_id", "exported_timestamp", "status", "uuid", "smart_account", "account_domain",
    "collector_instance_id", "collector_id", "satellite_name", "sync_version", "ssms_version", "sync_type",
    "last_generated", "last_sync", "root_cert_hash"};
const std::vector<const char*> k_csr_fields = {"lcs_csr", "tg_csr", "ssms_csr", "csr"};

std::string key_text(const Botan::Public_Key& key) { return key.algo_name() + " " + std::to_string(key.key_length()); }

void certificate(ItemSummary& s, const Botan::X509_Certificate& c) {
    s.parsed = true;
    s.subject = csr::dn_to_string(c.subject_dn());
    s.issuer = csr::dn_to_string(c.issuer_dn());
    s.serial = Botan::hex_encode(c.serial_number(), false);
    s.not_before = certs::time_rfc3339(c.not_before());
    s.not_after = certs::time_rfc3339(c.not_after());
    s.key = key_text(*c.load_subject_public_key());
    s.fingerprint = certs::fingerprint_sha256(c);
    s.ca = c.is_CA_cert();
}
}  // namespace

FileSummary summarise(const ExchangeFile& file) {
    FileSummary out;
    out.kind = file.kind();
    for (const char* name : k_value_fields) {
        if (const auto v = file.scalar(name)) {
            out.values.emplace_back(name, *v);
        }
    }
    for (const CertRole& role : cert_roles()) {
        const auto ref = file.field(role.field);
        if (!ref || !ref->node->is_scalar() || ref->node->scalar.empty()) {
            continue;
        }
        ItemSummary s;
        s.field = role.field;
        s.type = "certificate";
        s.is_signed = file.is_response() && ref->where != Where::top_level;
        try {
            certificate(s, decode_certificate(ref->node->scalar, role.field));
        } catch (const core::Error& e) {
            s.error = e.why();
        } catch (const Botan::Exception& e) {
            s.error = e.what();
        }
        out.has_local_sub_ca_cert = out.has_local_sub_ca_cert || s.field == "local_sub_ca_cert";
        out.items.push_back(std::move(s));
    }
    for (const char* field : k_csr_fields) {
        const auto ref = file.field(field);
        if (!ref || !ref->node->is_scalar() || ref->node->scalar.empty()) {
            continue;
        }
        ItemSummary s;
        s.field = field;
        s.type = "csr";
        try {
            Botan::DataSource_Memory src(ref->node->scalar);
            const Botan::PKCS10_Request req(src);
            s.parsed = true;
            s.subject = csr::dn_to_string(req.subject_dn());
            s.key = key_text(*std::unique_ptr<Botan::Public_Key>(req.subject_public_key()));
        } catch (const Botan::Exception& e) {
            s.error = e.what();
        }
        out.items.push_back(std::move(s));
    }
    out.unsigned_keys = file.unsigned_keys();
    if (file.is_response()) {
        if (const auto range = find_signed_range(file.text())) {
            out.signed_bytes = range->length;
        }
    }
    return out;
}

}  // namespace certctl::exchange
