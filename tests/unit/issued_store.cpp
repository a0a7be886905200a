// tests/unit/issued_store.cpp — see issued_store.h.
#include "tests/unit/issued_store.h"

#include "lib/core/rfc3339.h"
#include "lib/keys/key_store.h"
#include "tests/unit/test_dir.h"

#include <SQLiteCpp/Statement.h>
#include <botan/auto_rng.h>
#include <botan/x509self.h>

namespace certctl::test {

Botan::RandomNumberGenerator& rng() {
    static Botan::AutoSeeded_RNG r;
    return r;
}

IssuedStore::IssuedStore(const std::string& label)
    : dir(case_dir(label)), paths(dir / "store"), clock(core::parse_time("2026-06-01T00:00:00Z")) {
    store = open();
}

void IssuedStore::add_root(const std::string& name, const std::string& common_name) {
    keys::KeyStore keystore(*store, clock);
    ca::LocalCa local(*store, clock, rng(), profiles);
    ca::InitOptions root;
    root.name = name;
    root.profile = "root";
    root.subject.add_attribute("X520.CommonName", common_name);
    local.init(root, ca::unencrypted_key_access(keystore));
}

void IssuedStore::issue(const std::string& ca, const std::vector<std::string>& names, const std::string& key,
                        ca::IssueOptions::Output output) {
    keys::KeyStore keystore(*store, clock);
    ca::LocalCa local(*store, clock, rng(), profiles);
    if (!keystore.find(key)) {
        keystore.generate(key, keys::KeySpec::default_spec(), std::nullopt);
    }
    const std::unique_ptr<Botan::Private_Key> private_key = keystore.load_private(key, std::nullopt);
    std::vector<ca::CsrInput> csrs;
    for (const std::string& name : names) {
        std::string host;
        for (const char c : name) {
            if (c != '-') {
                host += c;
            }
        }
        Botan::X509_Cert_Options opts;
        opts.common_name = host + ".example.net";
        opts.dns = opts.common_name;
        csrs.push_back(
            {name, name + ".csr", Botan::X509::create_cert_req(opts, *private_key, "SHA-256", rng()).PEM_encode(), {}});
    }
    ca::IssueOptions o;
    o.ca = ca;
    o.profile = "tls-server";
    o.days = 30;
    o.output = output;
    if (output == ca::IssueOptions::Output::dir) {
        o.out = dir / ("issued-" + ca);
    }
    local.issue(o, csrs, ca::unencrypted_key_access(keystore));
}

std::vector<std::string> IssuedStore::numbered(const std::string& prefix, std::size_t count) {
    std::vector<std::string> names;
    for (std::size_t i = 0; i < count; ++i) {
        names.push_back(prefix + "-" + std::to_string(i));
    }
    return names;
}

std::unique_ptr<storage::Store> IssuedStore::open() {
    return storage::Store::open(paths, storage::Store::Access::write, core::Config());
}

std::int64_t IssuedStore::count(const std::string& sql) {
    SQLite::Statement q(store->db().sql(), sql);
    q.executeStep();
    return q.getColumn(0).getInt64();
}

}  // namespace certctl::test
