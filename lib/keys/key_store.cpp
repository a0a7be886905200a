// lib/keys/key_store.cpp — key files under keys/ and their rows in the `keys` table, kept in step.
#include "lib/keys/key_store.h"

#include "lib/audit/audit_log.h"
#include "lib/core/atomic_file.h"
#include "lib/core/durable_write.h"
#include "lib/core/error.h"
#include "lib/core/file_io.h"
#include "lib/core/name.h"
#include "lib/core/rfc3339.h"
#include "lib/core/wipe.h"
#include "lib/keys/one_off_ec_key.h"
#include "lib/keys/private_key_codec.h"

#include <SQLiteCpp/Statement.h>
#include <botan/ec_group.h>
#include <botan/ecdsa.h>
#include <botan/rsa.h>
#include <botan/system_rng.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace certctl::keys {

namespace {
// A passphrase is one line; anything larger than this is not a passphrase file.
constexpr std::uint64_t k_max_passphrase_file = 64 * 1024;

KeyInfo row_to_info(SQLite::Statement& q) {
    KeyInfo info;
    info.name = q.getColumn("name").getString();
    info.algorithm = q.getColumn("algorithm").getString();
    info.public_key_sha256 = q.getColumn("public_key_sha256").getString();
    info.public_key_pem = q.getColumn("public_key_pem").getString();
    info.encrypted = q.getColumn("encrypted").getInt() != 0;
    info.created = q.getColumn("created").getString();
    try {
        info.bits = KeySpec::parse(info.algorithm).bits();
    } catch (const core::Error&) {
        info.bits = 0;  // a row written by a later version with a spec this one does not know
    }
    return info;
}

const char* const k_select = "SELECT name, algorithm, public_key_sha256, public_key_pem, encrypted, created FROM keys";
}  // namespace

KeyStore::KeyStore(storage::Store& store, const core::Clock& clock) : KeyStore(store, clock, Botan::system_rng()) {}

KeyStore::KeyStore(storage::Store& store, const core::Clock& clock, Botan::RandomNumberGenerator& rng)
    : m_store(store), m_clock(clock), m_rng(rng) {}

void KeyStore::refuse_existing(const std::string& name, const std::string& action) {
    if (find(name)) {
        throw core::Error(core::Errc::usage, action, name, "a key with this name already exists",
                          "choose another name, or remove the old key with `certctl key delete " + name + "`");
    }
    // A file without a row is never touched: it may be a key put there by hand, or one that a certctl killed
    // between linking the file and committing its row left behind; only the operator can tell.
    const std::filesystem::path path = m_store.paths().key_file(name);
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
        // Another certctl may be storing this key right now: it links the file under the write lock and
        // commits the row a moment later. Asked again under that lock, its key is there.
        bool recorded = false;
        m_store.db().transaction([&] { recorded = find(name).has_value(); });
        if (recorded) {
            throw core::Error(core::Errc::usage, action, name, "a key with this name already exists",
                              "choose another name, or remove the old key with `certctl key delete " + name + "`");
        }
        throw core::Error(core::Errc::usage, action, name,
                          path.string() + " exists but no key of this name is recorded (put there by hand, or "
                                          "left by a certctl killed while storing it)",
                          "look at the file; if it is not needed, remove it and run the command again");
    }
}

namespace {
void check_spec(const KeySpec& spec) {
    if (std::find(KeySpec::all().begin(), KeySpec::all().end(), spec) == KeySpec::all().end()) {
        throw core::Error(core::Errc::usage, "unsupported key algorithm", spec.to_string(), "not in the table",
                          "use one of: " + KeySpec::allowed());
    }
}
}  // namespace

KeyInfo KeyStore::generate(const std::string& name, const KeySpec& spec, const std::optional<std::string>& passphrase) {
    const core::StackWipeOnExit wipe_stack;  // the key's bytes in dead frames and saved registers
    core::check_name("key", name);
    check_spec(spec);
    refuse_existing(name, "cannot generate key");
    const std::unique_ptr<Botan::Private_Key> key = create(spec);
    return store_key(name, *key, spec, passphrase, "system.generate_key");
}

KeyInfo KeyStore::generate_only(const std::string& name, const KeySpec& spec,
                                const std::optional<std::string>& passphrase) {
    const core::StackWipeOnExit wipe_stack;  // the key's bytes in dead frames and saved registers
    core::check_name("key", name);
    check_spec(spec);
    refuse_existing(name, "cannot generate key");
    const std::unique_ptr<Botan::Private_Key> key =
        spec.type == KeySpec::Type::ec ? make_one_off_ec_key(spec, m_rng) : create(spec);
    return store_key(name, *key, spec, passphrase, "system.generate_key");
}

std::unique_ptr<Botan::Private_Key> KeyStore::create(const KeySpec& spec) {
    if (spec.type == KeySpec::Type::rsa) {
        return std::make_unique<Botan::RSA_PrivateKey>(m_rng, spec.rsa_bits);
    }
    return std::make_unique<Botan::ECDSA_PrivateKey>(m_rng, Botan::EC_Group(spec.curve));
}

void KeyStore::swap(const std::string& name, const Botan::Private_Key& key,
                    const std::optional<std::string>& passphrase, const std::function<void()>& in_transaction) {
    const core::StackWipeOnExit wipe_stack;  // the key's bytes in dead frames and saved registers
    core::check_name("key", name);
    if (!find(name)) {
        throw core::Error(core::Errc::not_found, "no such key", name, "the store has no key by this name",
                          "see `certctl key list`");
    }
    const KeySpec spec = spec_of(key, name, "cannot replace key");
    const std::filesystem::path path = m_store.paths().key_file(name);
    const std::filesystem::path kept = deleted_path(name);
    core::AtomicFile file(path, k_key_file_mode);  // the new key, 0600 from byte one, not yet in place
    std::string pem = encode_private_key(key, passphrase, m_rng);
    file.write(pem);
    core::wipe(pem);
    bool kept_old = false;
    bool swapped = false;
    try {
        m_store.db().transaction([&] {
            SQLite::Statement u(
                m_store.db().sql(),
                "UPDATE keys SET algorithm = ?, public_key_sha256 = ?, public_key_pem = ?, encrypted = ?,"
                " created = ? WHERE name = ?");
            u.bind(1, spec.to_string());
            u.bind(2, public_key_sha256(key));
            u.bind(3, public_key_pem(key));
            u.bind(4, passphrase ? 1 : 0);
            u.bind(5, core::format_rfc3339(m_clock.now()));
            u.bind(6, name);
            u.exec();
            audit::AuditLog(m_store.db(), m_clock)
                .record("system.generate_key", name,
                        {{"name", name},
                         {"algorithm", spec.to_string()},
                         {"public_key_sha256", public_key_sha256(key)},
                         {"encrypted", passphrase.has_value()},
                         {"rekey", true},
                         {"previous_key_kept_as", kept.string()}},
                        true);
            in_transaction();
            // Last: keep the old key beside, then the new one takes its place (one rename).
            if (::link(path.c_str(), kept.c_str()) != 0) {
                const int err = errno;
                throw core::Error(err == EACCES || err == EPERM ? core::Errc::permission : core::Errc::cannot_write,
                                  "cannot keep the old key", kept.string(), std::strerror(err));
            }
            kept_old = true;
            file.commit();
            swapped = true;
        });
    } catch (...) {
        if (swapped) {
            ::rename(kept.c_str(), path.c_str());  // the rows did not make it: the old key goes back
        } else if (kept_old) {
            ::unlink(kept.c_str());
        }
        throw;
    }
}

std::filesystem::path KeyStore::deleted_path(const std::string& name) {
    const std::filesystem::path dir = m_store.paths().keys_dir() / "deleted";
    if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
        const int err = errno;
        throw core::Error(err == EACCES || err == EPERM ? core::Errc::permission : core::Errc::cannot_write,
                          "cannot keep the deleted key", dir.string(), std::strerror(err),
                          "check the permissions of the store's keys/ directory");
    }
    const core::CivilTime t =
        core::civil_time(std::chrono::duration_cast<std::chrono::seconds>(m_clock.now().time_since_epoch()).count());
    char stamp[32];
    std::snprintf(stamp, sizeof stamp, "%04d%02u%02uT%02u%02u%02uZ", static_cast<int>(t.year), t.month, t.day, t.hour,
                  t.minute, t.second);
    std::filesystem::path dest = dir / (name + "." + stamp + ".key");
    for (int n = 2; ::access(dest.c_str(), F_OK) == 0; ++n) {  // twice within a second: never overwrite
        dest = dir / (name + "." + stamp + "-" + std::to_string(n) + ".key");
    }
    return dest;
}

KeyInfo KeyStore::import(const std::string& name, const std::string& file_contents, const std::string& source,
                         const std::optional<std::string>& passphrase) {
    const core::StackWipeOnExit wipe_stack;  // the key's bytes in dead frames and saved registers
    core::check_name("key", name);
    refuse_existing(name, "cannot import key");
    const DecodedKey decoded = decode_private_key(file_contents, source, "cannot import key", passphrase, m_rng);
    const KeySpec spec = spec_of(*decoded.key, source, "cannot import key");
    return store_key(name, *decoded.key, spec, passphrase, "system.import_key");
}

namespace {
KeyInfo key_info(const std::string& name, const Botan::Private_Key& key, const KeySpec& spec, bool encrypted,
                 const std::string& created) {
    KeyInfo info;
    info.name = name;
    info.algorithm = spec.to_string();
    info.bits = spec.bits();
    info.public_key_sha256 = public_key_sha256(key);
    info.public_key_pem = public_key_pem(key);
    info.encrypted = encrypted;
    info.created = created;
    return info;
}

// The key's row, inside the transaction that links its file. The name is checked again under the write lock:
// another certctl may have taken it meanwhile.
void insert_key_row(storage::Database& db, const KeyInfo& info) {
    SQLite::Statement exists(db.sql(), "SELECT 1 FROM keys WHERE name = ?");
    exists.bind(1, info.name);
    if (exists.executeStep()) {
        throw core::Error(core::Errc::usage, "cannot store key", info.name, "a key with this name already exists",
                          "choose another name");
    }
    SQLite::Statement insert(db.sql(),
                             "INSERT INTO keys(name, algorithm, public_key_sha256, public_key_pem, encrypted,"
                             " created) VALUES (?, ?, ?, ?, ?, ?)");
    insert.bind(1, info.name);
    insert.bind(2, info.algorithm);
    insert.bind(3, info.public_key_sha256);
    insert.bind(4, info.public_key_pem);
    insert.bind(5, info.encrypted ? 1 : 0);
    insert.bind(6, info.created);
    insert.exec();
}
}  // namespace

KeyInfo KeyStore::store_key(const std::string& name, const Botan::Private_Key& key, const KeySpec& spec,
                            const std::optional<std::string>& passphrase, const std::string& event) {
    const KeyInfo info = key_info(name, key, spec, passphrase.has_value(), core::format_rfc3339(m_clock.now()));

    const std::filesystem::path path = m_store.paths().key_file(name);
    // The temporary is created O_EXCL with 0600 and linked (never renamed) into place, so the key is
    // never readable by others and an existing file is never replaced.
    core::AtomicFile file(path, k_key_file_mode, core::AtomicFile::Replace::refuse);
    std::string pem = encode_private_key(key, passphrase, m_rng);
    file.write(pem);
    core::wipe(pem);  // the key lives on only in Botan's secure_vectors
    // The key's data reaches the disk before the write lock is taken; under it only the link (and the row)
    // happen, and the directory is synced after: concurrent key generations (the REST API's CSR requests)
    // then overlap their fsyncs instead of queueing behind each other's.
    file.sync();
    bool linked = false;
    try {
        m_store.db().transaction([&] {
            insert_key_row(m_store.db(), info);
            audit::AuditLog(m_store.db(), m_clock)
                .record(event, name,
                        {{"name", info.name},
                         {"algorithm", info.algorithm},
                         {"public_key_sha256", info.public_key_sha256},
                         {"encrypted", info.encrypted}},
                        true);
            file.commit_leaving_directory_sync();  // last inside the transaction: a failed link rolls the row back
            linked = true;
        });
    } catch (...) {
        if (linked) {
            ::unlink(path.c_str());  // the row did not make it: take the file back out
        }
        throw;
    }
    core::sync_directory(path.parent_path());
    return info;
}

std::optional<KeyInfo> KeyStore::find(const std::string& name) {
    return find_key(m_store.db(), name);
}

std::vector<KeyInfo> KeyStore::list() {
    return m_store.db().select<KeyInfo>(
        std::string(k_select) + " ORDER BY name", [](SQLite::Statement&) {}, row_to_info);
}

std::unique_ptr<Botan::Private_Key> KeyStore::load_private(const std::string& name,
                                                           const std::optional<std::string>& passphrase) {
    const core::StackWipeOnExit wipe_stack;  // the key's bytes in dead frames and saved registers
    core::check_name("key", name);
    if (!find(name)) {
        throw core::Error(core::Errc::not_found, "no such key", name, "the store has no key by this name",
                          "see `certctl key list`, or make one with `certctl key generate " + name + "`");
    }
    std::string contents;
    try {
        contents = core::read_secret_file(m_store.paths().key_file(name), "key file",
                                          m_store.loose_key_files_allowed());
    } catch (const core::Error& e) {
        if (e.code() == core::Errc::not_found) {
            throw core::Error(core::Errc::not_found, "cannot load key", name,
                              "the key file " + m_store.paths().key_file(name).string() + " is missing",
                              "restore it from a backup, or delete the key with `certctl key delete " + name + "`");
        }
        throw;
    }
    const core::WipeOnExit wipe_contents(contents);  // also when decoding throws (a wrong passphrase)
    DecodedKey decoded = decode_private_key(contents, name, "cannot load key", passphrase, m_rng);
    return std::move(decoded.key);
}

void KeyStore::remove(const std::string& name) {
    core::check_name("key", name);
    if (!find(name)) {
        throw core::Error(core::Errc::not_found, "no such key", name, "the store has no key by this name",
                          "see `certctl key list`");
    }
    const std::filesystem::path path = m_store.paths().key_file(name);
    m_store.db().transaction([&] {
        SQLite::Statement del(m_store.db().sql(), "DELETE FROM keys WHERE name = ?");
        del.bind(1, name);
        del.exec();
        if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
            const int err = errno;
            throw core::Error(err == EACCES || err == EPERM ? core::Errc::permission : core::Errc::cannot_write,
                              "cannot delete key file", path.string(), std::strerror(err));
        }
    });
}

std::filesystem::path KeyStore::retire(const std::string& name) {
    core::check_name("key", name);
    if (!find(name)) {
        throw core::Error(core::Errc::not_found, "no such key", name, "the store has no key by this name",
                          "see `certctl key list`");
    }
    const std::filesystem::path path = m_store.paths().key_file(name);
    const std::filesystem::path dest = deleted_path(name);
    m_store.db().transaction([&] {
        SQLite::Statement del(m_store.db().sql(), "DELETE FROM keys WHERE name = ?");
        del.bind(1, name);
        del.exec();
        if (::rename(path.c_str(), dest.c_str()) != 0 && errno != ENOENT) {
            const int err = errno;
            throw core::Error(err == EACCES || err == EPERM ? core::Errc::permission : core::Errc::cannot_write,
                              "cannot move key file", path.string(), std::strerror(err),
                              "check the permissions of the store's keys/ directory");
        }
    });
    return dest;
}

std::optional<KeyInfo> find_key(storage::Database& db, const std::string& name) {
    auto rows = db.select<KeyInfo>(
        std::string(k_select) + " WHERE name = ?", [&](SQLite::Statement& q) { q.bind(1, name); }, row_to_info);
    if (rows.empty()) {
        return std::nullopt;
    }
    return std::move(rows.front());
}

std::optional<std::string> key_with_public_key(storage::Database& db, const std::string& public_key_sha256) {
    auto rows = db.select<std::string>(
        "SELECT name FROM keys WHERE lower(public_key_sha256) = ? ORDER BY name LIMIT 1",
        [&](SQLite::Statement& q) { q.bind(1, public_key_sha256); },
        [](SQLite::Statement& q) { return q.getColumn("name").getString(); });
    if (rows.empty()) {
        return std::nullopt;
    }
    return std::move(rows.front());
}

std::string read_passphrase_file(const std::string& path) {
    // Read as a secret (no copy left behind), but a passphrase file's mode is the operator's business, as before.
    std::string contents = core::read_secret_file(path, "passphrase file", true, k_max_passphrase_file);
    const core::WipeOnExit wipe_contents(contents);
    std::string line = contents.substr(0, contents.find('\n'));
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
    }
    if (line.empty()) {
        throw core::Error(core::Errc::bad_input, "cannot read passphrase file", path, "its first line is empty",
                          "write the passphrase on the first line of the file");
    }
    return line;
}

}  // namespace certctl::keys
