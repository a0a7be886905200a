// tests/unit/crl/test_crl_parser.cpp — walking and verifying CRLs made by Botan's CA code.
#include "crl/crl_parser.h"
#include "crl/crl_verifier.h"
#include "lib/core/error.h"
#include "tests/unit/crl/crl_fixture.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>

using namespace certctl;
using namespace std::chrono;

namespace {
crl::ByteSpan span(const std::vector<uint8_t>& v) { return {v.data(), v.size()}; }
std::int64_t unix_of(system_clock::time_point t) { return duration_cast<seconds>(t.time_since_epoch()).count(); }
}  // namespace

TEST_SUITE("crl::CrlParser") {
    TEST_CASE("entries, reasons, number, AKI and a good signature") {
        test::TestCa ca("Parser CA");
        const auto now = system_clock::now();
        const auto der = ca.crl({test::TestCa::entry(Botan::BigInt("0x0a1b"), now - hours(1), Botan::KEY_COMPROMISE),
                                 test::TestCa::entry(Botan::BigInt("0xff"), now - hours(2), Botan::UNSPECIFIED),
                                 test::TestCa::entry(Botan::BigInt("0x0102030405060708090a0b0c0d0e0f1011121314"),
                                                     now - hours(3), Botan::SUPERSEDED)},
                                7, now - minutes(1), hours(24));
        crl::ParsedCrl p = crl::parse_crl(span(der));
        REQUIRE(p.entries.size() == 3);
        CHECK(crl::serial_hex(p.entries[0]) == "0a1b");
        CHECK(p.entries[0].reason == 1);
        CHECK(crl::serial_hex(p.entries[1]) == "ff");  // the DER sign byte is not part of the serial
        CHECK(p.entries[1].reason == 0);
        CHECK(crl::serial_hex(p.entries[2]) == "0102030405060708090a0b0c0d0e0f1011121314");
        CHECK(std::string(crl::reason_name(p.entries[2].reason)) == "superseded");
        REQUIRE(p.crl_number);
        CHECK(crl::hex(*p.crl_number) == "07");
        REQUIRE(p.aki);
        CHECK(*p.aki == ca.cert.subject_key_id());
        REQUIRE(p.next_update);
        CHECK(*p.next_update - p.this_update == 24 * 3600);
        crl::sort_entries(p.entries);
        CHECK(crl::serial_hex(p.entries[0]) == "ff");

        crl::VerifyPolicy policy{unix_of(now), 300};
        const crl::Verdict v = crl::verify_crl(p, {ca.cert}, std::nullopt, policy);
        CHECK(v.accepted);
        CHECK(v.error.empty());
        CHECK(v.issuer_dn == "/CN=Parser CA");
    }
    TEST_CASE("refusals: other CA, no cRLSign, tampered, future, rollback, expired") {
        test::TestCa ca("Refusal CA");
        test::TestCa other("Refusal CA");  // same name, other key: only the signature tells them apart
        const auto now = system_clock::now();
        const crl::VerifyPolicy policy{unix_of(now), 300};
        const auto good = ca.crl({}, 5, now - minutes(1), hours(24));
        const crl::ParsedCrl p = crl::parse_crl(span(good));
        CHECK_FALSE(crl::verify_crl(p, {other.cert}, std::nullopt, policy).accepted);
        const auto no_sign = crl::verify_crl(p, {ca.make("Refusal CA", false)}, std::nullopt, policy);
        CHECK_FALSE(no_sign.accepted);
        CHECK(no_sign.error.find("cRLSign") != std::string::npos);
        CHECK(crl::verify_crl(p, {other.cert, ca.cert}, std::nullopt, policy).accepted);

        auto tampered = good;
        tampered[40] ^= 1;
        try {
            const crl::ParsedCrl t = crl::parse_crl(span(tampered));
            CHECK_FALSE(crl::verify_crl(t, {ca.cert}, std::nullopt, policy).accepted);
        } catch (const core::Error&) {
            // the flip broke the structure: also a refusal
        }

        const auto future = ca.crl({}, 6, now + hours(1), hours(24));
        const auto fv = crl::verify_crl(crl::parse_crl(span(future)), {ca.cert}, std::nullopt, policy);
        CHECK_FALSE(fv.accepted);
        CHECK(fv.error.find("future") != std::string::npos);

        crl::LastGood last;
        last.crl_number = std::vector<std::uint8_t>{0x06};
        last.this_update = unix_of(now) - 60;
        last.next_update = unix_of(now) + 3600;
        const auto rb = crl::verify_crl(p, {ca.cert}, last, policy);
        CHECK_FALSE(rb.accepted);
        CHECK(rb.error.find("rollback") != std::string::npos);

        const auto expired = ca.crl({}, 9, now - hours(48), hours(24));
        const crl::ParsedCrl e = crl::parse_crl(span(expired));
        const auto ev = crl::verify_crl(e, {ca.cert}, last, policy);
        CHECK_FALSE(ev.accepted);
        CHECK(ev.error.find("nextUpdate") != std::string::npos);
        const auto first = crl::verify_crl(e, {ca.cert}, std::nullopt, policy);  // nothing better known
        CHECK(first.accepted);
        CHECK(first.stale);
    }
    TEST_CASE("garbage, truncation and PEM") {
        test::TestCa ca("PEM CA");
        const auto der = ca.crl({test::TestCa::entry(Botan::BigInt(5), system_clock::now(), Botan::CA_COMPROMISE)}, 1,
                                system_clock::now(), hours(1));
        for (std::size_t cut : {std::size_t(1), der.size() / 2, der.size() - 1}) {
            const std::vector<uint8_t> part(der.begin(), der.begin() + static_cast<long>(cut));
            CHECK_THROWS_AS(crl::parse_crl(span(part)), core::Error);
        }
        const std::string html = "<html><body>404</body></html>";
        CHECK_THROWS_AS(crl::parse_crl({reinterpret_cast<const uint8_t*>(html.data()), html.size()}), core::Error);
        const std::string pem = Botan::X509_CRL(der).PEM_encode();
        const crl::ByteSpan ps{reinterpret_cast<const uint8_t*>(pem.data()), pem.size()};
        CHECK(crl::looks_like_pem(ps));
        CHECK(crl::decode_pem_crl(ps) == der);
    }
    TEST_CASE("serial text") {
        crl::Entry e{};
        crl::parse_serial("0A:1b:2C", e);
        CHECK(crl::serial_hex(e) == "0a1b2c");
        crl::parse_serial("0x00ff", e);
        CHECK(crl::serial_hex(e) == "ff");
        CHECK_THROWS_AS(crl::parse_serial("xyz", e), core::Error);
        CHECK_THROWS_AS(crl::parse_serial(std::string(42, 'f'), e), core::Error);
    }
}

TEST_SUITE("crl::sort_entries") {
    TEST_CASE("entry_less orders by serial bytes, then source, whichever byte first differs") {
        // The comparison reads the serial as three big-endian words: a difference in each byte position
        // (both sides of each word boundary) and a tie broken by the source.
        for (std::size_t at = 0; at < crl::k_serial_bytes; ++at) {
            crl::Entry a{}, b{};
            std::memset(a.serial, 0x5a, sizeof a.serial);
            std::memcpy(b.serial, a.serial, sizeof a.serial);
            a.serial[at] = 0x10;
            b.serial[at] = 0x90;  // greater as a byte, and negative as a signed char
            if (at + 1 < crl::k_serial_bytes) {
                a.serial[at + 1] = 0xff;  // a later byte must not outweigh an earlier one
                b.serial[at + 1] = 0x00;
            }
            CAPTURE(at);
            CHECK(crl::entry_less(a, b));
            CHECK_FALSE(crl::entry_less(b, a));
        }
        crl::Entry a{}, b{};
        a.source = 1;
        b.source = 2;
        CHECK(crl::entry_less(a, b));
        CHECK_FALSE(crl::entry_less(b, a));
        CHECK_FALSE(crl::entry_less(a, a));
    }

    TEST_CASE("radix sort agrees with std::sort on random and short serials") {
        Botan::AutoSeeded_RNG rng;
        std::vector<crl::Entry> entries;
        for (int i = 0; i < 20000; ++i) {
            crl::Entry e{};
            const std::size_t len = 1 + rng.next_byte() % 20;
            rng.randomize(e.serial + (crl::k_serial_bytes - len), len);
            e.serial_len = static_cast<std::uint8_t>(len);
            e.source = rng.next_byte() % 3;
            entries.push_back(e);
            if (i % 100 == 0) {
                entries.push_back(e);  // duplicates
            }
        }
        auto expected = entries;
        std::sort(expected.begin(), expected.end(), crl::entry_less);
        crl::sort_entries(entries);
        REQUIRE(entries.size() == expected.size());
        bool same = true;
        for (std::size_t i = 0; i < entries.size(); ++i) {
            same = same && !crl::entry_less(entries[i], expected[i]) && !crl::entry_less(expected[i], entries[i]);
        }
        CHECK(same);

        // In order already (an OpenSSL CRL): kept as it is. In order but for its last entry: still sorted, so
        // the pass that finds a list in order must not stop short of its end.
        crl::sort_entries(entries);
        CHECK(std::is_sorted(entries.begin(), entries.end(), crl::entry_less));
        std::swap(entries.front(), entries.back());
        REQUIRE_FALSE(std::is_sorted(entries.begin(), entries.end(), crl::entry_less));
        crl::sort_entries(entries);
        CHECK(std::is_sorted(entries.begin(), entries.end(), crl::entry_less));
        std::rotate(entries.begin(), entries.end() - 1, entries.end());  // the largest first
        crl::sort_entries(entries);
        CHECK(std::is_sorted(entries.begin(), entries.end(), crl::entry_less));
    }
}

TEST_SUITE("crl::CrlParser") {
    TEST_CASE("every single-byte corruption and every truncation is refused or parsed, never a crash") {
        test::TestCa ca("Fuzz CA");
        const auto now = system_clock::now();
        const auto der = ca.crl({test::TestCa::entry(Botan::BigInt("0x0a1b"), now - hours(1), Botan::KEY_COMPROMISE),
                                 test::TestCa::entry(Botan::BigInt(7), now - hours(2), Botan::UNSPECIFIED)},
                                3, now - minutes(1), hours(24));
        const crl::VerifyPolicy policy{unix_of(now), 300};
        std::size_t refused = 0, accepted = 0;
        for (std::size_t i = 0; i < der.size(); ++i) {
            for (std::uint8_t flip : {std::uint8_t(0x01), std::uint8_t(0x80), std::uint8_t(0xff)}) {
                auto bad = der;
                bad[i] ^= flip;
                try {
                    const crl::ParsedCrl p = crl::parse_crl(span(bad));
                    const crl::Verdict v = crl::verify_crl(p, {ca.cert}, std::nullopt, policy);
                    (v.accepted ? accepted : refused) += 1;
                } catch (const core::Error&) {
                    ++refused;
                }
            }
            const std::vector<uint8_t> cut(der.begin(), der.begin() + static_cast<long>(i));
            CHECK_THROWS_AS(crl::parse_crl(span(cut)), core::Error);
        }
        // A flip inside the signed bytes can only pass if it hits the unsigned signature encoding's slack.
        CHECK(refused > 3 * der.size() - 40);
    }
}

TEST_SUITE("crl::CrlParser") {
    // walk_entries reports its position every 4 MiB; it once computed "start + 4 MiB" up front, which for a
    // CRL without entries is null + 4 MiB (undefined behaviour, found by the crl fuzz target).
    TEST_CASE("progress: none for a CRL without entries, every 4 MiB inside a big list") {
        test::TestCa ca("Progress CA");
        const auto now = system_clock::now();
        const auto empty = ca.crl({}, 1, now - minutes(1), hours(24));
        std::size_t calls = 0;
        const crl::ParsedCrl none = crl::parse_crl(span(empty), [&](const std::uint8_t*) { ++calls; });
        CHECK(none.entries.empty());
        CHECK(none.revoked.empty());
        CHECK(calls == 0);

        // 250,000 entries of 22 bytes (5.5 MB): a 3-byte serial and a UTCTime; the signature is not checked.
        std::vector<std::uint8_t> list;
        const std::string when = "260101000000Z";
        for (std::uint32_t i = 0; i < 250000; ++i) {
            const std::uint8_t entry[] = {0x30, 0x14, 0x02, 0x03, std::uint8_t(i >> 16), std::uint8_t(i >> 8),
                                          std::uint8_t(i), 0x17, 0x0d};
            list.insert(list.end(), entry, entry + sizeof entry);
            list.insert(list.end(), when.begin(), when.end());
        }
        std::vector<std::uint8_t> tbs;
        const Botan::AlgorithmIdentifier alg("ECDSA", Botan::AlgorithmIdentifier::USE_EMPTY_PARAM);
        Botan::DER_Encoder(tbs)
            .start_cons(Botan::SEQUENCE)
            .encode(std::size_t(1))
            .encode(alg)
            .encode(ca.cert.subject_dn())
            .encode(Botan::X509_Time(now))
            .start_cons(Botan::SEQUENCE)
            .raw_bytes(list)
            .end_cons()
            .end_cons();
        std::vector<std::uint8_t> der;
        Botan::DER_Encoder(der)
            .start_cons(Botan::SEQUENCE)
            .raw_bytes(tbs)
            .encode(alg)
            .encode(std::vector<std::uint8_t>{1, 2, 3}, Botan::BIT_STRING)
            .end_cons();
        std::vector<const std::uint8_t*> reports;
        const crl::ParsedCrl big = crl::parse_crl(span(der), [&](const std::uint8_t* at) { reports.push_back(at); });
        CHECK(big.entries.size() == 250000);
        REQUIRE(reports.size() == 1);  // 5.5 MB: one report past the first 4 MiB
        CHECK(reports[0] >= big.revoked.data + (4u << 20));
        CHECK(reports[0] < big.revoked.data + big.revoked.size);
    }
}
