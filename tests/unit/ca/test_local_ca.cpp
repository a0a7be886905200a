// tests/unit/ca/test_local_ca.cpp — the store side: init a chain, bulk issue, revoke, CRL numbers, audit.
#include "lib/audit/audit_log.h"
#include "lib/ca/local_ca.h"
#include "lib/ca/revocation.h"
#include "lib/core/config.h"
#include "lib/core/error.h"
#include "lib/core/rfc3339.h"
#include "tests/unit/test_dir.h"

#include <SQLiteCpp/Statement.h>
#include <botan/auto_rng.h>
#include <botan/ec_group.h>
#include <botan/ecdsa.h>
#include <botan/data_src.h>
#include <botan/hex.h>
#include <botan/pkcs8.h>
#include <botan/x509_crl.h>
#include <botan/x509self.h>
#include <doctest/doctest.h>
#include <map>

using namespace certctl;

namespace {
Botan::AutoSeeded_RNG& rng() {
    static Botan::AutoSeeded_RNG r;
    return r;
}

// Keys kept in memory as PKCS#8, standing in for keys::KeyStore.
struct MemoryKeys {
    std::map<std::string, std::string> pem;
    ca::KeyAccess access() {
        ca::KeyAccess k;
        k.exists = [this](const std::string& n) { return pem.count(n) > 0; };
        k.generate = [this](const std::string& n) {
            Botan::ECDSA_PrivateKey key(rng(), Botan::EC_Group("secp256r1"));
            pem[n] = Botan::PKCS8::PEM_encode(key);
        };
        k.load = [this](const std::string& n) -> std::unique_ptr<Botan::Private_Key> {
            if (!pem.count(n)) {
                throw core::Error(core::Errc::not_found, "no such key", n, "");
            }
            Botan::DataSource_Memory src(pem[n]);
            return Botan::PKCS8::load_key(src);
        };
        k.remove = [this](const std::string& n) { pem.erase(n); };
        return k;
    }
};

std::string csr_pem(const std::string& cn) {
    Botan::ECDSA_PrivateKey key(rng(), Botan::EC_Group("secp256r1"));
    Botan::X509_Cert_Options opts;
    opts.common_name = cn;
    return Botan::X509::create_cert_req(opts, key, "SHA-256", rng()).PEM_encode();
}

Botan::X509_DN dn(const std::string& cn) {
    Botan::X509_DN d;
    d.add_attribute("X520.CommonName", cn);
    return d;
}

struct Fixture {
    std::filesystem::path dir;
    std::unique_ptr<storage::Store> store;
    core::FixedClock clock{core::parse_time("2026-06-01T00:00:00Z")};
    ca::ProfileSet profiles;
    MemoryKeys keys;
    std::unique_ptr<ca::LocalCa> local;
    explicit Fixture(const std::string& label) : dir(test::case_dir(label)) {
        store = storage::Store::open(core::StorePaths(dir / "store"), storage::Store::Access::write, core::Config());
        local = std::make_unique<ca::LocalCa>(*store, clock, rng(), profiles);
    }
    ca::CaInfo init(const std::string& name, const std::string& profile, std::optional<std::string> issuer,
                    const std::string& crl_url = "") {
        ca::InitOptions o;
        o.name = name;
        o.profile = profile;
        o.subject = dn(name);
        o.issuer = std::move(issuer);
        o.crl_url = crl_url;
        return local->init(o, keys.access());
    }
    std::int64_t count(const std::string& sql) {
        SQLite::Statement q(store->db().sql(), sql);
        q.executeStep();
        return q.getColumn(0).getInt64();
    }
};
}  // namespace

TEST_SUITE("ca::LocalCa") {
    TEST_CASE("a 4-tier chain in the store, issue many, inventory and audit") {
        Fixture f("ca_chain");
        const ca::CaInfo root = f.init("root", "root", std::nullopt, "http://pki.example/root.crl");
        CHECK_FALSE(root.issuer.has_value());
        f.init("sat", "satellite", "root");
        f.init("lsc", "local-sub-ca-1-1", "sat");
        CHECK(f.local->chain("lsc").size() == 3);
        ca::CaInfo root_info = f.local->get("root");
        f.local->count_issued(root_info);
        CHECK(root_info.issued == 1);  // sat
        std::vector<ca::CsrInput> csrs;
        for (int i = 0; i < 20; ++i) {
            const std::string n = "dev" + std::to_string(i);
            csrs.push_back({n, n + ".csr", csr_pem("PID:X SN:" + std::to_string(i)), {}});
        }
        ca::IssueOptions o;
        o.ca = "lsc";
        o.profile = "id-cert";
        o.output = ca::IssueOptions::Output::dir;
        o.out = f.dir / "out";
        const auto items = f.local->issue(o, csrs, f.keys.access());
        REQUIRE(items.size() == 20);
        CHECK(std::filesystem::exists(f.dir / "out" / "dev7.pem"));
        CHECK(f.count("SELECT count(*) FROM certificates WHERE source = 'issued'") == 20);
        CHECK(f.count("SELECT count(*) FROM audit WHERE type = 'system.issue_certificate' AND success = 1") == 23);
        const Botan::X509_Certificate leaf(std::vector<std::uint8_t>(items[0].pem.begin(), items[0].pem.end()));
        CHECK(leaf.issuer_dn() == dn("lsc"));
        // Intermediates carry the root's CDP; what lsc issues has none (lsc has no --crl-url).
        CHECK(Botan::X509_Certificate(f.local->get("sat").der).crl_distribution_point().find("root.crl") !=
              std::string::npos);
        CHECK(leaf.crl_distribution_point().empty());
    }
    TEST_CASE("refusals change nothing and are audited") {
        Fixture f("ca_refusals");
        f.init("root", "root", std::nullopt);
        f.init("sub", "sub-ca", "root");
        CHECK_THROWS_AS(f.init("sub", "sub-ca", "root"), core::Error);            // name taken
        CHECK_THROWS_AS(f.init("leaf", "tls-server", "root"), core::Error);       // not a CA profile
        CHECK_THROWS_AS(f.init("r2", "root", std::string("root")), core::Error);  // root with issuer
        CHECK_THROWS_AS(f.init("s2", "sub-ca", std::nullopt), core::Error);       // no issuer
        CHECK_THROWS_AS(f.init("s3", "sub-ca", std::string("sub")), core::Error);  // path length
        CHECK(f.keys.pem.count("s3") == 0);  // the generated key went again
        const auto before = f.count("SELECT count(*) FROM ca_issued");
        ca::IssueOptions o;
        o.ca = "sub";
        o.profile = "id-cert";
        std::string bad = csr_pem("x");
        bad[bad.size() / 2] = bad[bad.size() / 2] == 'A' ? 'B' : 'A';
        CHECK_THROWS_AS(f.local->issue(o, {{"a", "a.csr", csr_pem("a"), {}}, {"b", "b.csr", bad, {}}}, f.keys.access()),
                        core::Error);
        o.days = 0;
        CHECK_THROWS_AS(f.local->issue(o, {{"a", "a.csr", csr_pem("a"), {}}}, f.keys.access()), core::Error);
        CHECK(f.count("SELECT count(*) FROM ca_issued") == before);
        CHECK(f.count("SELECT count(*) FROM certificates") == 0);
        CHECK(f.count("SELECT count(*) FROM audit WHERE type = 'system.issue_certificate' AND success = 0") == 7);
    }
    TEST_CASE("revoke, CRL numbers grow, the CRL parses and lists the entries") {
        Fixture f("ca_crl");
        f.init("root", "root", std::nullopt, "http://pki.example/root.crl");
        ca::IssueOptions o;
        o.ca = "root";
        o.profile = "ssms-ssl";
        o.output = ca::IssueOptions::Output::dir;
        o.out = f.dir / "out";
        const auto items =
            f.local->issue(o, {{"a", "a", csr_pem("a.example"), {}}, {"b", "b", csr_pem("b.example"), {}}}, f.keys.access());
        f.clock.advance(std::chrono::hours(1));
        const auto r = f.local->revoke("root", items[0].serial, *ca::parse_reason("keyCompromise"), std::nullopt);
        CHECK(r.name == "a");
        CHECK_THROWS_AS(f.local->revoke("root", items[0].serial, 1, std::nullopt), core::Error);
        CHECK_THROWS_AS(f.local->revoke("root", "01", 1, std::nullopt), core::Error);
        CHECK_THROWS_AS(f.local->revoke("nope", items[1].serial, 1, std::nullopt), core::Error);
        for (std::uint64_t n = 1; n <= 2; ++n) {
            std::vector<std::uint8_t> der;
            const auto res = f.local->publish_crl("root", f.keys.access(), std::chrono::hours(24 * 7), ca::CrlFormat::der,
                                                  [&](const std::uint8_t* d, std::size_t s) { der.insert(der.end(), d, d + s); });
            CHECK(res.crl_number == n);
            CHECK(res.bytes == der.size());
            const Botan::X509_CRL crl(der);
            CHECK(crl.crl_number() == n);
            CHECK(crl.check_signature(*Botan::X509_Certificate(f.local->get("root").der).load_subject_public_key()));
            REQUIRE(crl.get_revoked().size() == 1);
            CHECK(Botan::hex_encode(crl.get_revoked()[0].serial_number(), false) == items[0].serial);
            CHECK(crl.get_revoked()[0].reason_code() == Botan::KEY_COMPROMISE);
            CHECK(crl.next_update().to_std_timepoint() == f.clock.now() + std::chrono::hours(24 * 7));
        }
    }
    TEST_CASE("reasons table") {
        CHECK(ca::parse_reason("keyCompromise") == 1);
        CHECK(ca::parse_reason("key-compromise") == 1);
        CHECK(ca::parse_reason("SUPERSEDED") == 4);
        CHECK_FALSE(ca::parse_reason("removeFromCRL").has_value());
        CHECK(ca::reason_name(9) == "privilegeWithdrawn");
    }
}
