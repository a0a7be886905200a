// tests/unit/certs/test_validator.cpp — path validation verdicts and their reasons.
#include "lib/certs/validator.h"
#include "lib/core/rfc3339.h"
#include "tests/unit/certs/test_pki.h"

#include <doctest/doctest.h>

using namespace certctl;

namespace {
bool has(const std::vector<std::string>& v, const std::string& part) {
    for (const auto& s : v) {
        if (s.find(part) != std::string::npos) {
            return true;
        }
    }
    return false;
}

class Revoked final : public certs::RevocationLookup {
public:
    certs::RevocationStatus lookup(const std::vector<std::uint8_t>&, const std::vector<std::uint8_t>&) const override {
        return {certs::RevocationStatus::State::revoked, "keyCompromise", "2026-05-01T00:00:00Z", "lab-crl"};
    }
};
}  // namespace

TEST_SUITE("certs::validate_path") {
    const core::TimePoint now = core::parse_time("2026-06-01T00:00:00Z");
    // Made on first use, not at static initialisation: with Botan linked statically (-Dstatic_deps) its
    // own globals (the signature paddings allowed per algorithm) may not be initialised yet then.
    static const test::Issued& root() {
        static const test::Issued issued = test::issue({"root", true}, nullptr, now);
        return issued;
    }
    static const test::Issued& inter() {
        static const test::Issued issued = test::issue({"int", true}, &root(), now);
        return issued;
    }
    test::CertSpec web_spec() {
        test::CertSpec s{"web01"};
        s.ekus = {test::k_server_auth};
        s.dns = {"web01.example.net"};
        return s;
    }
    static const test::Issued& web() {
        static const test::Issued issued = test::issue(web_spec(), &inter(), now);
        return issued;
    }

    certs::PathRequest request() {
        certs::PathRequest r;
        r.chain = {web().cert, inter().cert};
        r.anchors = {root().cert};
        r.at = now;
        return r;
    }

    TEST_CASE("a good chain is valid, anchored by the root") {
        auto r = request();
        r.purpose = "tls-server";
        r.hostname = "web01.example.net";
        const auto v = certs::validate_path(r);
        CHECK(v.valid);
        CHECK(v.anchor == "CN=root");
        CHECK(v.path.size() == 3);
    }
    TEST_CASE("every reason is given") {
        auto r = request();
        r.purpose = "tls-client";
        r.hostname = "other.example.net";
        r.at = now + std::chrono::hours(24 * 400);
        const auto v = certs::validate_path(r);
        CHECK_FALSE(v.valid);
        CHECK(has(v.reasons, "web01: certificate has expired"));
        CHECK(has(v.reasons, "host name other.example.net"));
        CHECK(has(v.reasons, "extended key usage lacks clientAuth"));
    }
    TEST_CASE("missing intermediate names the issuer to look for") {
        auto r = request();
        r.chain = {web().cert};
        const auto v = certs::validate_path(r);
        CHECK_FALSE(v.valid);
        CHECK(v.missing_issuer == "CN=int");
        CHECK(has(v.reasons, "unknown issuer"));
    }
    TEST_CASE("a trust anchor validates as itself within its dates") {
        certs::PathRequest r;
        r.chain = {root().cert};
        r.anchors = {root().cert};
        r.at = now;
        CHECK(certs::validate_path(r).valid);
        r.at = now + std::chrono::hours(24 * 400);
        CHECK_FALSE(certs::validate_path(r).valid);
    }
    TEST_CASE("a certificate that is its own anchor is still checked for the host name") {
        test::CertSpec spec{"self", true};
        spec.dns = {"a.example"};
        const test::Issued self = test::issue(spec, nullptr, now);
        certs::PathRequest r;
        r.chain = {self.cert};
        r.anchors = {self.cert};
        r.at = now;
        r.hostname = "b.example";
        const auto v = certs::validate_path(r);
        CHECK_FALSE(v.valid);
        CHECK(has(v.reasons, "host name b.example"));
        r.hostname = "a.example";
        CHECK(certs::validate_path(r).valid);
    }
    TEST_CASE("SHA-1 fails unless legacy crypto is allowed") {
        test::CertSpec s = web_spec();
        s.hash = "SHA-160";  // Botan's name for SHA-1
        const test::Issued old = test::issue(s, &inter(), now);
        auto r = request();
        r.chain = {old.cert, inter().cert};
        CHECK_FALSE(certs::validate_path(r).valid);
        r.allow_legacy_crypto = true;
        const auto v = certs::validate_path(r);
        CHECK(v.valid);
        CHECK(has(v.notes, "legacy crypto allowed"));
    }
    TEST_CASE("the store's revocation answer is a reason") {
        const Revoked revoked;
        auto r = request();
        r.revocation = &revoked;
        const auto v = certs::validate_path(r);
        CHECK_FALSE(v.valid);
        CHECK(has(v.reasons, "revoked (keyCompromise"));
    }
    TEST_CASE("an intermediate anchors a partial chain, within its dates") {
        certs::PathRequest r;
        r.chain = {web().cert};
        r.anchors = {inter().cert};
        r.at = now;
        const auto v = certs::validate_path(r);
        CHECK(v.valid);
        CHECK(v.anchor == "CN=int");
        CHECK(has(v.notes, "partial chain"));
        r.at = now + std::chrono::hours(24 * 400);
        CHECK(has(certs::validate_path(r).reasons, "web01: certificate has expired"));
        const test::Issued impostor = test::issue({"int", true}, &root(), now);  // same name, other key
        r.at = now;
        r.anchors = {impostor.cert};
        CHECK_FALSE(certs::validate_path(r).valid);
    }
}
