// tests/unit/exchange/test_lab_cloud.cpp — authorize and answer_sync over a CaAccess made with Botan: the
// answers verify, carry the eight certificates in their roles, and renew id_cert for the same key.
#include "lib/core/error.h"
#include "lib/exchange/exchange_file.h"
#include "lib/exchange/exchange_verifier.h"
#include "lib/exchange/lab_cloud.h"
#include "tests/unit/exchange/lab.h"

#include <botan/data_src.h>
#include <botan/pkcs10.h>
#include <botan/pkcs8.h>
#include <doctest/doctest.h>

using namespace certctl;

namespace {
class BotanCas final : public exchange::CaAccess {
public:
    explicit BotanCas(const test::LabCert& root) { m_cas["root"] = {root, "root"}; }
    bool exists(const std::string& ca) override { return m_cas.count(ca) > 0; }
    Botan::X509_Certificate certificate(const std::string& ca) override { return m_cas.at(ca).first.cert; }
    std::string profile_of(const std::string& ca) override { return m_cas.at(ca).second; }
    void create(const std::string& name, const std::string& profile, const std::string& issuer,
                const std::string& cn) override {
        m_cas[name] = {test::lab_ca(&m_cas.at(issuer).first, cn), profile};
    }
    std::vector<Botan::X509_Certificate> issue_csrs(const std::vector<CsrToIssue>& requests,
                                                    const BeforeCommit& before_commit) override {
        std::vector<Botan::X509_Certificate> out;
        for (const CsrToIssue& r : requests) {
            Botan::DataSource_Memory src(r.csr_pem);
            const Botan::PKCS10_Request req(src);
            const std::unique_ptr<Botan::Public_Key> key(req.subject_public_key());
            out.push_back(put(r.name, r.ca, r.profile, *key, req.subject_dn().get_first_attribute("CN")));
        }
        if (before_commit) {
            before_commit(out);
        }
        return out;
    }
    Botan::X509_Certificate issue_key(const std::string& ca, const std::string& profile,
                                      const Botan::X509_Certificate& like, const std::string& name) override {
        return put(name, ca, profile, *like.load_subject_public_key(), like.subject_dn().get_first_attribute("CN"));
    }
    std::unique_ptr<Botan::Private_Key> key(const std::string& name) override {
        if (m_keys.count(name) == 0) {
            m_keys[name] = test::lab_key();
        }
        // The same key each time: copy through its encoding.
        Botan::DataSource_Memory pem(Botan::PKCS8::PEM_encode(*m_keys[name]));
        return Botan::PKCS8::load_key(pem);
    }
    std::optional<Botan::X509_Certificate> issued(const std::string& name) override {
        if (m_issued.count(name) == 0) {
            return std::nullopt;
        }
        return m_issued.at(name);
    }
    int issued_count = 0;

private:
    Botan::X509_Certificate put(const std::string& name, const std::string& ca, const std::string& profile,
                                const Botan::Public_Key& key, const std::string& cn) {
        const bool is_ca = profile == "local-sub-ca-1-1";
        const std::string eku = profile == "id-cert"                               ? "PKIX.ClientAuth"
                                : profile == "tg-ssl" || profile == "ssms-ssl"      ? "PKIX.ServerAuth"
                                                                                    : "";
        const auto cert = test::lab_issue(&m_cas.at(ca).first, key, cn, is_ca, eku);
        m_issued[name] = cert;
        ++issued_count;
        return cert;
    }
    std::map<std::string, std::pair<test::LabCert, std::string>> m_cas;
    std::map<std::string, std::shared_ptr<Botan::Private_Key>> m_keys;
    std::map<std::string, Botan::X509_Certificate> m_issued;
};

exchange::ExchangeFile registration(const Botan::Private_Key& lcs, const std::string& lcs_cn) {
    exchange::RegistrationRequest req;
    req.instance_id = test::k_lab_uuid;
    req.exported = std::chrono::system_clock::now();
    req.lcs_csr = test::lab_csr(lcs, lcs_cn);
    req.tg_csr = test::lab_csr(lcs, "tg.lab");
    req.ssms_csr = test::lab_csr(lcs, "ssms.lab");
    return exchange::ExchangeFile::parse(exchange::write_registration(req), "reg.yml");
}
}  // namespace

TEST_SUITE("exchange::lab_cloud") {
    TEST_CASE("authorize answers a registration with eight certificates that verify in their roles") {
        const test::LabCert root = test::lab_ca(nullptr, "Lab Licensing Root");
        BotanCas cas(root);
        const core::SystemClock clock;
        const auto lcs = test::lab_key();
        const std::string auth = exchange::authorize(registration(*lcs, test::k_lab_uuid), cas, "root", clock, test::lab_rng());
        const auto file = exchange::ExchangeFile::parse(auth, "auth.yml");
        CHECK(file.kind() == exchange::FileKind::authorization);
        const auto report = exchange::verify_exchange(file, {root.cert}, clock.now());
        for (const auto& c : report.checks) {
            INFO(c.name << ": " << c.detail);
            CHECK(c.status == exchange::Check::Status::pass);
        }
        CHECK(cas.exists("root-sub-ca"));

        // A second authorization reuses the hierarchy and the signing certificate.
        const int before = cas.issued_count;
        exchange::authorize(registration(*lcs, test::k_lab_uuid), cas, "root", clock, test::lab_rng());
        CHECK(cas.issued_count == before + 4);

        // The sync: id_cert renewed for the same key, the response verifies.
        exchange::SyncRequest sr;
        sr.id_cert = *file.scalar("id_cert");
        sr.signing_cert = *file.scalar("signing_cert");
        sr.collector_id = test::k_lab_uuid;
        sr.last_generated = clock.now();
        const auto req = exchange::ExchangeFile::parse(exchange::write_sync_request(sr), "sr.yml");
        const std::string resp = exchange::answer_sync(req, cas, "root", clock, test::lab_rng(), "PARTIAL");
        const auto rf = exchange::ExchangeFile::parse(resp, "sync.yml");
        CHECK(rf.kind() == exchange::FileKind::sync_response);
        CHECK(exchange::verify_exchange(rf, {root.cert}, clock.now()).valid());
        Botan::DataSource_Memory a(*file.scalar("id_cert"));
        Botan::DataSource_Memory b(*rf.scalar("id_cert"));
        const Botan::X509_Certificate old_id(a);
        const Botan::X509_Certificate new_id(b);
        CHECK(old_id.serial_number() != new_id.serial_number());
        CHECK(old_id.subject_public_key_info() == new_id.subject_public_key_info());
    }
    TEST_CASE("a request that does not verify, or an lcs CSR without the UUID as CN, is not answered") {
        const test::LabCert root = test::lab_ca(nullptr, "Lab Licensing Root");
        BotanCas cas(root);
        const core::SystemClock clock;
        const auto lcs = test::lab_key();
        CHECK_THROWS_AS(exchange::authorize(registration(*lcs, "not-the-uuid"), cas, "root", clock, test::lab_rng()),
                        core::Error);
        CHECK_THROWS_AS(exchange::authorize(registration(*lcs, test::k_lab_uuid), cas, "nosuch", clock, test::lab_rng()),
                        core::Error);
        CHECK_FALSE(cas.exists("root-sub-ca"));
    }
}
