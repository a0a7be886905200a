// tests/unit/exchange/test_exchange_verifier.cpp — what certctl writes verifies, and each kind of damage fails
// the check it should.
#include "lib/core/error.h"
#include "lib/exchange/exchange_file.h"
#include "lib/exchange/exchange_signature.h"
#include "lib/exchange/exchange_verifier.h"
#include "tests/unit/exchange/lab.h"

#include <botan/base64.h>
#include <botan/pem.h>
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

using namespace certctl;

namespace {
const test::Lab& lab() {
    static const test::Lab l;
    return l;
}

exchange::VerifyReport verify_text(const std::string& text, const std::vector<Botan::X509_Certificate>& trusted) {
    return exchange::verify_exchange(exchange::ExchangeFile::parse(text, "t.yml"), trusted,
                                     std::chrono::system_clock::now());
}

const exchange::Check* find_check(const exchange::VerifyReport& r, const std::string& name) {
    for (const auto& c : r.checks) {
        if (c.name == name && c.status == exchange::Check::Status::fail) {
            return &c;
        }
    }
    for (const auto& c : r.checks) {
        if (c.name == name) {
            return &c;
        }
    }
    return nullptr;
}

bool failed(const exchange::VerifyReport& r, const std::string& name, const std::string& says = "") {
    const auto* c = find_check(r, name);
    return c != nullptr && c->status == exchange::Check::Status::fail && c->detail.find(says) != std::string::npos;
}

std::string replace_once(std::string s, const std::string& from, const std::string& to) {
    const auto pos = s.find(from);
    REQUIRE(pos != std::string::npos);
    return s.replace(pos, from.size(), to);
}
}  // namespace

TEST_SUITE("exchange::verify") {
    TEST_CASE("an authorization certctl wrote is valid under its root, every check passing") {
        const std::string text = lab().authorization();
        CHECK(text.rfind("---\n:data:\n  :status: success\n", 0) == 0);
        CHECK(text.find("    :id_cert: |-\n      -----BEGIN CERTIFICATE-----\n") != std::string::npos);
        const auto r = verify_text(text, {lab().root.cert});
        for (const auto& c : r.checks) {
            INFO(c.name << ": " << c.detail);
            CHECK(c.status == exchange::Check::Status::pass);
        }
        CHECK(r.valid());
        CHECK(r.kind == exchange::FileKind::authorization);
        CHECK(find_check(r, "tg_ssl_cert")->detail.find("issued by tg_issuer_cert") != std::string::npos);
    }
    TEST_CASE("one changed byte anywhere in the signed content breaks the signature") {
        const std::string text = lab().authorization();
        const auto range = *exchange::find_signed_range(text);
        for (const std::size_t at : {range.offset, range.offset + range.length / 2, range.offset + range.length - 2}) {
            std::string bad = text;
            bad[at] = bad[at] == 'A' ? 'B' : (bad[at] == ' ' ? ' ' : 'A');
            if (bad == text) {
                bad.insert(at, " ");
            }
            try {
                const auto r = verify_text(bad, {lab().root.cert});
                CHECK_FALSE(r.valid());
                CHECK(failed(r, "signature", "does not match"));
            } catch (const core::Error&) {
                // the change made the YAML itself unreadable: refused before any check, also fine
            }
        }
        const auto r = verify_text(replace_once(text, "sat-rest-003", "sat-rest-004"), {lab().root.cert});
        CHECK(failed(r, "signature", "does not match the signed content"));
    }
    TEST_CASE("a signer that does not chain to the trusted root fails the chain and the hash") {
        const test::Lab other;
        const auto r = verify_text(lab().authorization(), {other.root.cert});
        CHECK(failed(r, "signing_chain", "does not chain"));
        CHECK(failed(r, "root_cert_hash", "matches no trusted root"));
        CHECK(failed(verify_text(lab().authorization(), {}), "signing_chain", "no trusted root"));
    }
    TEST_CASE("a wrong root_cert_hash fails that check only") {
        const std::string text = lab().authorization();
        const std::string hash = exchange::root_cert_hash(lab().root.cert);
        const auto r = verify_text(replace_once(text, hash, "C3CyNDezXF9nJrp6zLpAnUQOMbxQyeDRn/O0x347an0="),
                                   {lab().root.cert});
        CHECK(failed(r, "root_cert_hash", "is not the hash of the root"));
        CHECK(find_check(r, "signature")->status == exchange::Check::Status::pass);
    }
    TEST_CASE("a signing certificate whose public key does not decode fails the signature check, never throws") {
        // Found by fuzzing: a certificate with its point off the curve parses (Botan decodes the key only when
        // asked), and the signature check asked without a catch: `exchange verify` ended in an internal error.
        const std::vector<std::uint8_t> der = lab().signing.BER_encode();
        const std::vector<std::uint8_t> point = lab().signing.subject_public_key_bitstring();  // 04 || X || Y
        std::vector<std::uint8_t> bad = der;
        const auto at = std::search(bad.begin(), bad.end(), point.begin(), point.end());
        REQUIRE(at != bad.end());
        at[static_cast<std::ptrdiff_t>(point.size()) - 1] ^= 0x01;  // Y's lowest bit: the point leaves the curve
        // In the envelope (base64 DER on one line) and under :authentication: (PEM), the same change.
        std::string text = replace_once(lab().authorization(), Botan::base64_encode(der), Botan::base64_encode(bad));
        std::istringstream good_lines(Botan::PEM_Code::encode(der, "CERTIFICATE"));
        std::istringstream bad_lines(Botan::PEM_Code::encode(bad, "CERTIFICATE"));
        for (std::string g, b; std::getline(good_lines, g) && std::getline(bad_lines, b);) {
            if (g != b) {
                text = replace_once(text, g, b);
            }
        }
        for (const auto& trusted : {std::vector<Botan::X509_Certificate>{}, std::vector{lab().root.cert}}) {
            exchange::VerifyReport r;
            REQUIRE_NOTHROW(r = verify_text(text, trusted));
            CHECK_FALSE(r.valid());
            CHECK(failed(r, "signature", "public key does not decode"));
        }
    }
    TEST_CASE("a missing certificate and a missing signature are reported by name") {
        auto certs = lab().pems();
        certs.erase("tg_issuer_cert");
        const auto r = verify_text(lab().authorization(certs), {lab().root.cert});
        CHECK(failed(r, "tg_issuer_cert", "missing"));
        CHECK(failed(r, "tg_ssl_cert", "not signed by its expected issuer"));
        const std::string text = lab().authorization();
        const auto cut = text.substr(0, text.find(":signature:"));
        CHECK(failed(verify_text(cut, {lab().root.cert}), "signature", "missing :signature:"));
    }
    TEST_CASE("a TLS server certificate where the id certificate belongs is the wrong role") {
        auto certs = lab().pems();
        certs["id_cert"] = lab().tg_ssl.PEM_encode();
        const auto r = verify_text(lab().authorization(certs), {lab().root.cert});
        CHECK(failed(r, "id_cert", "lacks clientAuth"));
        certs = lab().pems();
        certs["sub_ca_cert"] = lab().signing.PEM_encode();
        CHECK(failed(verify_text(lab().authorization(certs), {lab().root.cert}), "sub_ca_cert", "must be a CA"));
    }
    TEST_CASE("an authorization never carries the 3-tier local_sub_ca_cert; a sync response may") {
        auto certs = lab().pems();
        certs["local_sub_ca_cert"] = lab().satellite.cert.PEM_encode();
        CHECK(failed(verify_text(lab().authorization(certs), {lab().root.cert}), "local_sub_ca_cert", "never"));
    }
    TEST_CASE("keys outside :data: are unsigned: a warning, and a certificate there is refused") {
        const std::string text = lab().authorization() + ":note: hello\n";
        const auto r = verify_text(text, {lab().root.cert});
        CHECK(r.valid());
        CHECK(find_check(r, "unsigned_keys")->status == exchange::Check::Status::warn);
    }
    TEST_CASE("a registration's CSRs are checked, a bad CSR signature fails") {
        exchange::RegistrationRequest req;
        req.instance_id = test::k_lab_uuid;
        req.exported = std::chrono::system_clock::now();
        req.lcs_csr = test::lab_csr(*lab().onprem_key, "lcs");
        req.tg_csr = test::lab_csr(*lab().onprem_key, "tg");
        req.ssms_csr = test::lab_csr(*lab().onprem_key, "ssms");
        const std::string good = exchange::write_registration(req);
        CHECK(verify_text(good, {}).valid());
        // Flip one base64 character near the end of the tg CSR's body: the signature bits.
        const auto tg = good.find(":tg_csr:");
        const auto end = good.find("-----END", tg);
        std::string bad = good;
        const std::size_t at = end - 12;
        bad[at] = bad[at] == 'A' ? 'B' : 'A';
        const auto r = verify_text(bad, {});
        CHECK_FALSE(r.valid());
        CHECK(find_check(r, "tg_csr")->status == exchange::Check::Status::fail);
        req.instance_id = "not-a-uuid";
        CHECK(failed(verify_text(exchange::write_registration(req), {}), "instance_id", "is not a UUID"));
    }
    TEST_CASE("writer quotes what YAML would misread") {
        CHECK(exchange::yaml_scalar("plain") == "plain");
        CHECK(exchange::yaml_scalar("a: b # c") != "a: b # c");
    }
}
