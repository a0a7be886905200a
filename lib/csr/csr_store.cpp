// lib/csr/csr_store.cpp — create, list, find and export CSRs; success and failure both land in the audit log.
#include "lib/csr/csr_store.h"

#include "lib/audit/audit_log.h"
#include "lib/audit/counters.h"
#include "lib/core/atomic_file.h"
#include "lib/core/error.h"
#include "lib/core/wipe.h"
#include "lib/core/name.h"
#include "lib/core/rfc3339.h"
#include "lib/csr/utf8.h"
#include "lib/keys/key_store.h"

#include <SQLiteCpp/Statement.h>
#include <botan/system_rng.h>

namespace certctl::csr {

namespace {
const char* const k_event = "system.generate_csr";
const char* const k_select = "SELECT name, key_name, subject, detail, pem, created FROM csrs";

CsrInfo row_to_info(SQLite::Statement& q) {
    CsrInfo info;
    info.name = q.getColumn("name").getString();
    info.key_name = q.getColumn("key_name").getString();
    info.subject = q.getColumn("subject").getString();
    const nlohmann::json detail = nlohmann::json::parse(q.getColumn("detail").getString(), nullptr, false);
    if (detail.is_object()) {
        info.subject_fields = Subject::from_json(detail.value("subject", nlohmann::json::object()));
        info.sans = SubjectAltNames::from_json(detail.value("sans", nlohmann::json::object()));
        if (detail.contains("validity_days") && detail["validity_days"].is_number_integer()) {
            info.validity_days = detail["validity_days"].get<long>();
        }
        info.key_algorithm = detail.value("key_algorithm", "");
        info.public_key_sha256 = detail.value("public_key_sha256", "");
    }
    info.pem = q.getColumn("pem").getString();
    info.created = q.getColumn("created").getString();
    return info;
}

// Opens --out before anything is made, so an unwritable path refuses the whole command.
std::unique_ptr<core::AtomicFile> open_out(const std::filesystem::path& path) {
    try {
        return std::make_unique<core::AtomicFile>(path, 0644);
    } catch (const core::Error& e) {
        // --out is an output path: the contract gives it 73 even for "permission denied".
        throw core::Error(core::Errc::cannot_write, e.action(), e.subject(), e.why(),
                          "choose an output path you can write");
    }
}
void check_validity_days(const std::optional<long>& days) {
    if (days && (*days < 1 || *days > k_max_validity_days)) {
        throw core::Error(core::Errc::usage, "invalid --validity-days", std::to_string(*days),
                          "must be 1 to " + std::to_string(k_max_validity_days), "e.g. --validity-days 365");
    }
}

// The key the CSR is for: the stored one called `key_name`, or a new one when no --key was given.
keys::KeyInfo find_or_make_key(keys::KeyStore& key_store, const CreateParams& params, const std::string& key_name,
                               const keys::KeySpec& spec, const std::optional<std::string>& passphrase,
                               bool& generated) {
    if (std::optional<keys::KeyInfo> found = key_store.find(key_name)) {
        return std::move(*found);
    }
    if (params.key_name) {
        throw core::Error(core::Errc::not_found, "no such key", key_name, "the store has no key by this name",
                          "see `certctl key list`, or leave out --key to make a key called " + params.name);
    }
    generated = true;
    return key_store.generate(key_name, spec, passphrase);
}

// The row, its audit event and counter in one transaction; --out is committed inside it, so a file that
// cannot be written leaves no row behind.
void insert_csr(storage::Database& db, const core::Clock& clock, const CsrInfo& info, core::AtomicFile* out_file) {
    const nlohmann::json detail = {
        {"subject", info.subject_fields.to_json()},
        {"sans", info.sans.to_json()},
        {"validity_days", info.validity_days ? nlohmann::json(*info.validity_days) : nullptr},
        {"key_algorithm", info.key_algorithm},
        {"public_key_sha256", info.public_key_sha256}};
    db.transaction([&] {
        // Checked again under the write lock: another certctl may have taken the name meanwhile.
        SQLite::Statement exists(db.sql(), "SELECT 1 FROM csrs WHERE name = ?");
        exists.bind(1, info.name);
        if (exists.executeStep()) {
            throw core::Error(core::Errc::usage, "cannot create CSR", info.name, "a CSR with this name already exists");
        }
        SQLite::Statement insert(
            db.sql(), "INSERT INTO csrs(name, key_name, subject, detail, pem, created) VALUES (?, ?, ?, ?, ?, ?)");
        insert.bind(1, info.name);
        insert.bind(2, info.key_name);
        insert.bind(3, info.subject);
        insert.bind(4, detail.dump());
        insert.bind(5, info.pem);
        insert.bind(6, info.created);
        insert.exec();
        audit::AuditLog(db, clock).record(k_event, info.subject,
                                          {{"name", info.name},
                                           {"key_name", info.key_name},
                                           {"subject", info.subject},
                                           {"algorithm", info.key_algorithm},
                                           {"sans", info.sans.to_string()},
                                           {"validity_days", detail["validity_days"]},
                                           {"key_generated", info.key_generated}},
                                          true);
        audit::Counters(db).increment("csr_success");
        if (out_file != nullptr) {
            try {
                out_file->commit();
            } catch (const core::Error& e) {
                throw core::Error(core::Errc::cannot_write, e.action(), e.subject(), e.why(),
                                  "choose an output path you can write");
            }
        }
    });
}
}  // namespace

CsrStore::CsrStore(storage::Store& store, const core::Clock& clock) : CsrStore(store, clock, Botan::system_rng()) {}

CsrStore::CsrStore(storage::Store& store, const core::Clock& clock, Botan::RandomNumberGenerator& rng)
    : m_store(store), m_clock(clock), m_rng(rng) {}

CsrInfo CsrStore::create(const CreateParams& params) {
    std::string subject_text;
    std::string algorithm;
    try {
        return create_checked(params, subject_text, algorithm);
    } catch (const core::Error& e) {
        // Whatever the operator typed goes into JSON: make it valid UTF-8 first.
        const nlohmann::json detail = {{"name", sanitize_utf8(params.name)},
                                       {"key_name", sanitize_utf8(params.key_name.value_or(params.name))},
                                       {"subject", sanitize_utf8(subject_text)},
                                       {"algorithm", sanitize_utf8(algorithm)}};
        try {
            m_store.db().transaction([&] {
                audit::AuditLog(m_store.db(), m_clock)
                    .record(k_event, sanitize_utf8(subject_text.empty() ? params.name : subject_text), detail, false,
                            sanitize_utf8(e.what()));
                audit::Counters(m_store.db()).increment("csr_failure");
            });
        } catch (const std::exception&) {
            // A store we cannot write (73) cannot record the refusal either; the original error says why.
        }
        throw;
    }
}

CsrInfo CsrStore::create_checked(const CreateParams& params, std::string& subject_text, std::string& algorithm) {
    core::check_name("CSR", params.name);
    const std::string key_name = params.key_name.value_or(params.name);
    core::check_name("key", key_name);
    Subject subject = params.subject;
    subject.validate();
    subject_text = dn_to_string(subject.to_dn());
    SubjectAltNames sans = params.sans;
    sans.validate();
    check_validity_days(params.validity_days);
    const keys::KeySpec spec =
        params.algorithm.empty() ? keys::KeySpec::default_spec() : keys::KeySpec::parse(params.algorithm);
    if (find(params.name)) {
        throw core::Error(core::Errc::usage, "cannot create CSR", params.name, "a CSR with this name already exists",
                          "choose another name; `certctl csr export " + params.name + "` gives the existing one");
    }
    std::optional<std::string> passphrase =
        params.passphrase_file ? std::optional<std::string>(keys::read_passphrase_file(*params.passphrase_file))
                               : std::nullopt;
    const core::WipeOnExit wipe_passphrase(passphrase);

    std::unique_ptr<core::AtomicFile> out_file = params.out ? open_out(*params.out) : nullptr;

    keys::KeyStore key_store(m_store, m_clock, m_rng);
    bool generated = false;
    const keys::KeyInfo key_info = find_or_make_key(key_store, params, key_name, spec, passphrase, generated);
    algorithm = key_info.algorithm;
    const std::unique_ptr<Botan::Private_Key> key = key_store.load_private(key_name, passphrase);
    const std::vector<std::uint8_t> der = build_request(*key, subject, sans, params.validity_days, m_rng);
    const Request request = read_request(std::string(der.begin(), der.end()), params.name);  // our own check

    CsrInfo info;
    info.name = params.name;
    info.key_name = key_name;
    info.subject = request.subject_text;
    info.subject_fields = subject;
    info.sans = request.sans;
    info.validity_days = request.validity_days;
    info.key_algorithm = key_info.algorithm;
    info.public_key_sha256 = request.public_key_sha256;
    info.pem = request.pem();
    info.created = core::format_rfc3339(m_clock.now());
    info.key_generated = generated;
    if (out_file) {
        out_file->write(info.pem);
    }
    insert_csr(m_store.db(), m_clock, info, out_file.get());
    return info;
}

std::optional<CsrInfo> CsrStore::find(const std::string& name) {
    return find_csr(m_store.db(), name);
}

std::optional<CsrInfo> find_csr(storage::Database& db, const std::string& name) {
    auto rows = db.select<CsrInfo>(
        std::string(k_select) + " WHERE name = ?", [&](SQLite::Statement& q) { q.bind(1, name); }, row_to_info);
    if (rows.empty()) {
        return std::nullopt;
    }
    return std::move(rows.front());
}

std::vector<CsrInfo> CsrStore::list() {
    return m_store.db().select<CsrInfo>(
        std::string(k_select) + " ORDER BY name", [](SQLite::Statement&) {}, row_to_info);
}

std::string CsrStore::export_pem(const std::string& name) {
    core::check_name("CSR", name);
    const auto info = find(name);
    if (!info) {
        throw core::Error(core::Errc::not_found, "no such CSR", name, "the store has no CSR by this name",
                          "see `certctl csr list`");
    }
    return info->pem;
}

std::vector<std::string> csrs_using_key(storage::Database& db, const std::string& key_name) {
    return db.select<std::string>(
        "SELECT name FROM csrs WHERE key_name = ? ORDER BY name", [&](SQLite::Statement& q) { q.bind(1, key_name); },
        [](SQLite::Statement& q) { return q.getColumn("name").getString(); });
}

}  // namespace certctl::csr
